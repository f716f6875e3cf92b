package io.queueautoscaler.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionInputs;
import io.queueautoscaler.history.Failure;
import io.queueautoscaler.history.InMemoryDecisionLog;
import io.queueautoscaler.history.Outcome;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Estimates;
import io.queueautoscaler.recommend.FleetSnapshot;
import io.queueautoscaler.recommend.LatencyEstimates;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.recommend.QueueEstimate;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.testing.PolicyBuilder;
import io.queueautoscaler.testing.PrometheusText;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionMetricsTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private final ScalingPolicy policy = PolicyBuilder.policy().build();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final InMemoryDecisionLog stored = new InMemoryDecisionLog(10);
    private final DecisionMetrics log = new DecisionMetrics(stored, registry,
            name -> name.equals(policy.name()) ? Optional.of(policy) : Optional.empty());
    private final Map<String, String> group = Map.of("policy", "jobs", "group", "jobs-workers");
    private final Map<String, String> queue = Map.of("policy", "jobs", "group", "jobs-workers", "queue", "jobs-high");

    private Decision observed(int current, int desired, Outcome outcome, String source) {
        LatencyEstimates latency = new LatencyEstimates(2.5, source, 3, 4, 2, 0, 0,
                List.of(new QueueEstimate("jobs-high", 40, 12.5, 3.25, desired)));
        DecisionInputs inputs = new DecisionInputs(Optional.of(new FleetSnapshot(current, current - 1, 1, 0, 40)),
                List.of(new QueueDepth(PolicyBuilder.HIGH, 40, 7, 0)), Optional.empty(),
                Optional.of(new Estimates(47, Optional.of(latency))));
        return new Decision(0, "jobs", T0, current, desired + 1, desired, Action.between(current, desired), outcome,
                Reason.LATENCY_TARGET, "m", false, inputs, List.of());
    }

    private static Decision fleetUnavailable() {
        return new Decision(0, "jobs", T0.plusSeconds(15), 0, 0, 0, Action.NONE, Outcome.FAILED, Reason.FLEET_UNAVAILABLE,
                "no decision", false, DecisionInputs.NONE.failed(new Failure(Failure.Kind.FLEET, "Throttling")), List.of());
    }

    @Test
    void labelsEveryValueOfADecisionByPolicyGroupAndQueue() {
        log.append(observed(2, 5, Outcome.APPLIED, "learned"));
        log.append(observed(5, 5, Outcome.UNCHANGED, "learned"));

        PrometheusText text = PrometheusText.scrape(registry);
        assertThat(text.value("queue_autoscaler_decisions_total", Map.of("policy", "jobs", "group", "jobs-workers",
                "action", "SCALE_OUT", "outcome", "APPLIED", "reason", "LATENCY_TARGET"))).contains(1.0);
        assertThat(text.value("queue_autoscaler_decisions_total", Map.of("action", "NONE", "outcome", "UNCHANGED")))
                .contains(1.0);
        assertThat(text.value("queue_autoscaler_desired_instances", group)).contains(5.0);
        assertThat(text.value("queue_autoscaler_in_service_instances", group)).contains(4.0);
        assertThat(text.value("queue_autoscaler_leased_instances", group)).contains(1.0);
        assertThat(text.value("queue_autoscaler_recommended_instances", group)).contains(6.0);
        assertThat(text.value("queue_autoscaler_fleet_observed_timestamp_seconds", group))
                .contains((double) T0.getEpochSecond());
        assertThat(text.value("queue_autoscaler_queue_visible_messages", queue)).contains(40.0);
        assertThat(text.value("queue_autoscaler_queue_in_flight_messages", queue)).contains(7.0);
        assertThat(text.value("queue_autoscaler_queue_oldest_message_age_seconds", queue)).contains(12.5);
        assertThat(text.value("queue_autoscaler_queue_arrival_rate_messages_per_second", queue)).contains(3.25);
        assertThat(text.value("queue_autoscaler_queue_target_wait_seconds", queue)).contains(300.0);
        assertThat(text.value("queue_autoscaler_throughput_per_instance_messages_per_second",
                Map.of("policy", "jobs", "source", "learned"))).contains(2.5);
        assertThat(stored.all()).hasSize(2);
    }

    @Test
    void anUnobservableGroupLeavesTheLastCapacityRatherThanZero() {
        log.append(observed(3, 3, Outcome.UNCHANGED, "declared"));
        log.append(fleetUnavailable());

        PrometheusText text = PrometheusText.scrape(registry);
        assertThat(text.value("queue_autoscaler_desired_instances", group)).contains(3.0);
        assertThat(text.value("queue_autoscaler_in_service_instances", group)).contains(2.0);
        assertThat(text.value("queue_autoscaler_fleet_observed_timestamp_seconds", group))
                .as("the capacity's age tells it is stale").contains((double) T0.getEpochSecond());
        assertThat(text.value("queue_autoscaler_decisions_total", Map.of("outcome", "FAILED", "reason", "FLEET_UNAVAILABLE",
                "action", "FAILED"))).contains(1.0);
    }

    @Test
    void aChangedThroughputSourceReplacesTheOldSeries() {
        log.append(observed(3, 3, Outcome.UNCHANGED, "assumed"));
        log.append(observed(3, 3, Outcome.UNCHANGED, "learned"));

        PrometheusText text = PrometheusText.scrape(registry);
        assertThat(text.named("queue_autoscaler_throughput_per_instance_messages_per_second"))
                .singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("source", "learned"));
    }

    @Test
    void aRemovedPolicyStopsReporting() {
        log.append(observed(2, 5, Outcome.APPLIED, "learned"));

        log.retain(Set.of("reports"));

        assertThat(PrometheusText.scrape(registry).samples()).noneMatch(s -> "jobs".equals(s.labels().get("policy")));
        log.append(observed(5, 6, Outcome.APPLIED, "learned"));
        assertThat(PrometheusText.scrape(registry).value("queue_autoscaler_desired_instances", group)).contains(5.0);
    }
}
