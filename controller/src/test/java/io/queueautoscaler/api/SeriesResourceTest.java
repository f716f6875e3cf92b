package io.queueautoscaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.SeriesPoint;
import io.queueautoscaler.history.DecisionInputs;
import io.queueautoscaler.history.Failure;
import io.queueautoscaler.history.InMemoryDecisionLog;
import io.queueautoscaler.history.Outcome;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Estimates;
import io.queueautoscaler.recommend.FleetSnapshot;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.reconcile.PolicyRegistry;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.testing.PolicyBuilder;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class SeriesResourceTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final InMemoryDecisionLog LOG = new InMemoryDecisionLog(100);
    private static final List<Duration> STEPS = new ArrayList<>();
    private static final ResourceExtension RESOURCES = DecisionsResourceTest.withAuth(ResourceExtension.builder())
            .addResource(new SeriesResource(registry(), SeriesResourceTest::sample, LOG, new VirtualClock(Instant.parse("2026-11-26T10:00:00Z"))))
            .build();

    private static PolicyRegistry registry() {
        try {
            return new PolicyRegistry(() -> List.of(PolicyBuilder.backlog("jobs", "workers", 0, 20).build()),
                    new VirtualClock(Instant.parse("2026-11-26T10:00:00Z")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The database samples; here every decision of the range stands for its bucket. */
    private static List<SeriesPoint> sample(String policy, Instant since, Instant until, Duration step) {
        STEPS.add(step);
        return LOG.all().stream().filter(d -> d.policy().equals(policy) && !d.time().isBefore(since) && d.time().isBefore(until))
                .map(d -> new SeriesPoint(d.time(), d)).toList();
    }

    private static Decision decision(int secondsAgo, int current, int desired, Outcome outcome, DecisionInputs inputs) {
        return new Decision(0, "jobs", NOW.minusSeconds(secondsAgo), current, desired, desired, Action.between(current, desired),
                outcome, Reason.BACKLOG_PER_INSTANCE, "scale " + current + " -> " + desired, false, inputs, List.of());
    }

    private static DecisionInputs seen(int inService, int leased, long visible) {
        return new DecisionInputs(Optional.of(new FleetSnapshot(inService, inService, leased, 0, 20)),
                List.of(new QueueDepth(PolicyBuilder.QUEUE, visible, 3, 0)), Optional.empty(),
                Optional.of(new Estimates(visible + 3, Optional.empty())));
    }

    private Response get(String path) {
        String[] parts = path.split("\\?", 2);
        var target = RESOURCES.target(parts[0]);
        if (parts.length == 2) {
            String[] kv = parts[1].split("=", 2);
            target = target.queryParam(kv[0], kv[1]);
        }
        return target.request().header("Authorization", "Bearer admin-secret").get();
    }

    @Test
    void chartsCapacityAndEachQueuesBacklogWithScaleDecisionsAsMarkers() {
        if (LOG.all().isEmpty()) {
            LOG.append(decision(7200, 1, 2, Outcome.APPLIED, seen(1, 0, 10)));      // before the window
            LOG.append(decision(600, 2, 4, Outcome.APPLIED, seen(2, 1, 40)));
            LOG.append(decision(300, 4, 4, Outcome.UNCHANGED, seen(4, 3, 20)));
            LOG.append(decision(60, 4, 4, Outcome.FAILED, DecisionInputs.NONE.failed(new Failure(Failure.Kind.METRICS, "Throttling"))));
        }

        SeriesJson series = get("/v1/policies/jobs/series?window=1h").readEntity(SeriesJson.class);

        assertThat(STEPS).last().isEqualTo(Duration.ofSeconds(10));
        assertThat(series.window()).isEqualTo("1h");
        assertThat(series.from()).isEqualTo("2026-11-26T09:00:00Z");
        assertThat(series.time()).containsExactly(NOW.minusSeconds(600).getEpochSecond(), NOW.minusSeconds(300).getEpochSecond(),
                NOW.minusSeconds(60).getEpochSecond());
        assertThat(series.desired()).containsExactly(4, 4, 4);
        assertThat(series.inService()).containsExactly(2, 4, null);
        assertThat(series.leased()).containsExactly(1, 3, null);
        String queue = series.queues().get(0);
        assertThat(series.backlog().get(queue)).as("visible plus in flight, as the policy counts").containsExactly(43L, 23L, null);
        assertThat(series.arrivalRate().get(queue)).containsExactly(null, null, null);
        assertThat(series.markers()).extracting(SeriesJson.MarkerJson::action).containsExactly("SCALE_OUT", "FAILED");
        assertThat(series.markers().get(0).from()).isEqualTo(2);
        assertThat(series.markers().get(0).to()).isEqualTo(4);
    }

    @Test
    void aWeekIsCutIntoTheSameNumberOfBuckets() {
        get("/v1/policies/jobs/series?window=7d").close();
        assertThat(STEPS).last().isEqualTo(Duration.ofDays(7).dividedBy(360));
    }

    @Test
    void badRequestsSayWhatIsAllowed() {
        Response window = get("/v1/policies/jobs/series?window=2h");
        assertThat(window.getStatus()).isEqualTo(400);
        assertThat(window.readEntity(Map.class).get("message")).isEqualTo("window '2h' is not one of 1h, 6h, 1d, 7d");
        Response unknown = get("/v1/policies/jobs/series?windw=1h");
        assertThat(unknown.getStatus()).isEqualTo(400);
        assertThat(unknown.readEntity(Map.class).get("message").toString()).contains("allowed: window");
        assertThat(get("/v1/policies/nope/series").getStatus()).isEqualTo(404);
    }
}
