package io.queueautoscaler.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.Snapshot;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.api.DecisionJson;
import io.queueautoscaler.api.PolicyJson;
import io.queueautoscaler.recommend.LatencyEstimates;
import io.queueautoscaler.testing.DecisionPages;
import io.queueautoscaler.testing.LocalYml;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.glassfish.jersey.client.ClientProperties;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded default as shipped (config/local.yml, the policies/ directory, its load pattern;
 * only ports and the database differ): the local workers lease per task, and within five minutes
 * of the first burst every latency policy's decisions say the throughput is learned from those
 * leased tasks and stay learned; five minutes after the burst the rate is within 25% of what the
 * local workers really do. The truth is the local fleet's own timer of each task's slot (from its
 * message's receipt until the worker has looked for the next) over the last tasks:
 * concurrencyPerInstance over its mean. Both measure the same tasks, so a slow machine slows both
 * alike; the deadline is the daemon's own decision times, and no figure here depends on the
 * machine's speed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class EmbeddedDemoLearnsTheRateAppTest {
    private static final String ADMIN = "local-admin-token";
    private static final Duration WITHIN = Duration.ofMinutes(5);
    /** Learned from the leases themselves, not from drains that proved more than they show. */
    private static final Pattern FROM_LEASES = Pattern.compile("\\(learned from \\d+ leased tasks\\)");

    private static final DropwizardAppExtension<QueueAutoscalerConfiguration> APP = LocalYml.app();

    @ParameterizedTest
    @ValueSource(strings = {"thumbnails", "video-transcode"})
    void decisionsSayTheRateIsLearnedFromLeasedTasksWithinFiveMinutesOfTheFirstBurst(String policy) {
        Map<?, ?> workers = (Map<?, ?>) policy(policy).spec().get("workers");
        assertThat(workers.get("messagesPerSecondPerInstance")).as("the shipped policy leaves the rate to learn").isNull();
        int concurrency = ((Number) workers.get("concurrencyPerInstance")).intValue();
        String group = (String) ((Map<?, ?>) policy(policy).spec().get("target")).get("autoScalingGroupName");

        // The first decision that saw a backlog saw the first burst (the load generator starts with one).
        Instant firstBurst = await("the first burst").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> decisions(policy).stream().filter(d -> d.inputs().estimates()
                        .map(e -> e.backlog() > 0).orElse(false)).findFirst().map(d -> Instant.parse(d.time())),
                        Optional::isPresent).orElseThrow();
        DecisionJson learned = await("a decision that learned the rate from leased tasks").atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> decisions(policy).stream().filter(d -> latency(d).throughputSource().equals("learned")
                        && FROM_LEASES.matcher(detail(d)).find()).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(Duration.between(firstBurst, Instant.parse(learned.time())))
                .as("learned within five minutes of the first burst at %s: %s", firstBurst, learned)
                .isLessThanOrEqualTo(WITHIN);

        Instant end = firstBurst.plus(WITHIN);
        await("decisions five minutes past the first burst").atMost(Duration.ofMinutes(12))
                .pollInterval(Duration.ofSeconds(5))
                .until(() -> decisions(policy).stream().anyMatch(d -> !Instant.parse(d.time()).isBefore(end)));

        Snapshot slots = APP.getEnvironment().metrics().timer("local-fleet.slot-time." + group).getSnapshot();
        double real = concurrency / (slots.getMean() / 1e9);
        List<DecisionJson> since = decisions(policy).stream()
                .filter(d -> d.id() >= learned.id() && Instant.parse(d.time()).isBefore(end)).toList();
        DecisionJson last = since.get(since.size() - 1);
        System.out.printf("%s: real %.3f msg/s/instance over the last %d tasks (%d slots, mean task %.3f s); "
                        + "learned %s%n", policy, real, slots.size(), concurrency, slots.getMean() / 1e9,
                since.stream().map(d -> String.format("%.3f", latency(d).throughputPerInstance())).distinct().toList());
        assertThat(since).allSatisfy(d -> assertThat(latency(d).throughputSource()).as("%s", detail(d)).isEqualTo("learned"));
        // The workers' speed follows the machine's load, so the rate is compared where both measured the same
        // tasks: the last decision before the mark learned from the last tasks, which the timer keeps.
        assertThat(detail(last)).containsPattern(FROM_LEASES);
        assertThat(latency(last).throughputPerInstance()).as("%s against the workers' %.3f", detail(last), real)
                .isBetween(0.75 * real, 1.25 * real);
    }

    private static LatencyEstimates latency(DecisionJson d) {
        return d.inputs().estimates().flatMap(e -> e.latency()).orElseThrow(() ->
                new AssertionError("decision without latency estimates: " + d));
    }

    /** The latency stage's words, which say where the throughput came from. */
    private static String detail(DecisionJson d) {
        return d.stages().stream().filter(s -> s.name().equals("latency")).map(s -> s.detail()).findFirst().orElse("");
    }

    /** The policy's decisions that observed its queues, oldest first. */
    private static List<DecisionJson> decisions(String policy) {
        return DecisionPages.all(APP.client(), APP.getLocalPort(), ADMIN).stream()
                .filter(d -> d.policy().equals(policy) && d.inputs().estimates().flatMap(e -> e.latency()).isPresent())
                .sorted(Comparator.comparingLong(DecisionJson::id)).toList();
    }

    private static PolicyJson policy(String name) {
        return APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + "/v1/policies/" + name)
                .property(ClientProperties.READ_TIMEOUT, DecisionPages.READ_TIMEOUT_MILLIS).request()
                .header("Authorization", "Bearer " + ADMIN).get(PolicyJson.class);
    }
}
