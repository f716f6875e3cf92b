package io.queueautoscaler.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.testing.LocalYml;
import io.queueautoscaler.testing.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The embedded default's /prometheus, scraped without a token: every series the daemon exports
 * under its own prefix, labelled by policy, group and queue, and no name made of a policy's name.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PrometheusAppTest {
    private static final List<String> POLICIES = List.of("reports-step", "thumbnails", "video-transcode");
    private static final Set<String> POLICY_GROUP = Set.of("policy", "group");
    private static final Set<String> POLICY_GROUP_QUEUE = Set.of("policy", "group", "queue");

    private static final DropwizardAppExtension<QueueAutoscalerConfiguration> APP = LocalYml.app();

    @Test
    void everySeriesIsLabelledAndNoneIsNamedAfterAPolicy() {
        // Every policy decided, latency mode estimated its queues, and a local worker leased its instance.
        PrometheusText text = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                .until(PrometheusAppTest::scrape, t -> POLICIES.stream().allMatch(p ->
                        t.value("queue_autoscaler_desired_instances", Map.of("policy", p)).isPresent())
                        && !t.named("queue_autoscaler_queue_arrival_rate_messages_per_second").isEmpty()
                        && t.named("queue_autoscaler_lease_takes_total").stream().anyMatch(s -> s.value() > 0));

        for (String name : List.of("queue_autoscaler_desired_instances", "queue_autoscaler_in_service_instances",
                "queue_autoscaler_leased_instances", "queue_autoscaler_recommended_instances",
                "queue_autoscaler_fleet_observed_timestamp_seconds", "queue_autoscaler_queues_observed_timestamp_seconds")) {
            assertLabelled(text, name, POLICY_GROUP);
            assertThat(text.named(name)).extracting(s -> s.labels().get("policy")).containsAll(POLICIES);
        }
        for (String name : List.of("queue_autoscaler_queue_visible_messages", "queue_autoscaler_queue_in_flight_messages")) {
            assertLabelled(text, name, POLICY_GROUP_QUEUE);
            assertThat(text.named(name)).extracting(s -> s.labels().get("policy")).containsAll(POLICIES);
        }
        for (String name : List.of("queue_autoscaler_queue_oldest_message_age_seconds",
                "queue_autoscaler_queue_arrival_rate_messages_per_second", "queue_autoscaler_queue_target_wait_seconds")) {
            assertLabelled(text, name, POLICY_GROUP_QUEUE);
        }
        assertThat(text.value("queue_autoscaler_queue_target_wait_seconds",
                Map.of("policy", "thumbnails", "group", "thumbnails-workers", "queue", "thumbnails"))).isPresent();
        assertLabelled(text, "queue_autoscaler_throughput_per_instance_messages_per_second", Set.of("policy", "group", "source"));
        assertThat(text.named("queue_autoscaler_throughput_per_instance_messages_per_second"))
                .allSatisfy(s -> assertThat(s.labels().get("source")).isIn("declared", "learned", "assumed"));
        assertLabelled(text, "queue_autoscaler_decisions_total", Set.of("policy", "group", "action", "outcome", "reason"));
        for (String histogram : List.of("queue_autoscaler_evaluation_duration_seconds",
                "queue_autoscaler_evaluation_lateness_seconds")) {
            assertLabelled(text, histogram + "_count", Set.of("policy"));
            assertThat(text.named(histogram + "_bucket")).isNotEmpty();
        }
        assertLabelled(text, "queue_autoscaler_aws_calls_total", Set.of("service", "operation", "outcome"));
        assertThat(text.value("queue_autoscaler_aws_calls_total",
                Map.of("service", "sqs", "operation", "GetQueueAttributes", "outcome", "ok"))).hasValueSatisfying(
                        v -> assertThat(v).isPositive());
        assertLabelled(text, "queue_autoscaler_aws_call_duration_seconds_count", Set.of("service", "operation"));
        assertLabelled(text, "queue_autoscaler_lease_takes_total", Set.of("group", "outcome"));
        assertLabelled(text, "queue_autoscaler_lease_renewals_total", Set.of("result"));
        assertLabelled(text, "queue_autoscaler_lease_releases_total", Set.of("group"));
        assertLabelled(text, "queue_autoscaler_lease_expiries_total", Set.of("group"));
        assertLabelled(text, "queue_autoscaler_protection_calls_total", Set.of("group", "change", "outcome"));

        assertThat(text.samples()).as("the server's and the database pool's metrics still come from Dropwizard")
                .anyMatch(s -> s.name().startsWith("io_dropwizard_"));
        for (String policy : POLICIES) {
            assertThat(text.samples()).extracting(PrometheusText.Sample::name)
                    .noneMatch(name -> name.contains(policy) || name.contains(policy.replace('-', '_')));
        }
        assertThat(text.samples()).extracting(PrometheusText.Sample::name)
                .as("no thread-name pattern leaks into a name").noneMatch(name -> name.contains("__d"));
    }

    private static void assertLabelled(PrometheusText text, String name, Set<String> labels) {
        assertThat(text.named(name)).as(name).isNotEmpty()
                .allSatisfy(s -> assertThat(s.labels().keySet()).as(name).containsAll(labels));
    }

    private static PrometheusText scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }
}
