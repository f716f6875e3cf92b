package io.queueautoscaler.telemetry;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.queueautoscaler.schedule.PolicyEvaluator;
import io.queueautoscaler.schedule.Tick;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How late each policy's ticks start after their scheduled time, and how long an evaluation
 * takes (observe, decide, act, record), per policy.
 */
public final class EvaluationMetrics {
    private static final double[] BUCKETS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private final Histogram lateness;
    private final Histogram duration;

    public EvaluationMetrics(PrometheusRegistry registry) {
        lateness = Histogram.builder().name("queue_autoscaler_evaluation_lateness_seconds").unit(Unit.SECONDS)
                .help("How long after its scheduled time a policy's tick started")
                .classicUpperBounds(BUCKETS).labelNames("policy").register(registry);
        duration = Histogram.builder().name("queue_autoscaler_evaluation_duration_seconds").unit(Unit.SECONDS)
                .help("How long one evaluation of a policy took: reading the group and queues, deciding, acting, recording")
                .classicUpperBounds(BUCKETS).labelNames("policy").register(registry);
    }

    /** The evaluator, with each tick's lateness observed as it starts. */
    public PolicyEvaluator late(PolicyEvaluator evaluator) {
        return tick -> {
            lateness.labelValues(tick.policy()).observe(tick.lateness().toNanos() / 1e9);
            evaluator.evaluate(tick);
        };
    }

    /** The evaluation of a policy by name, timed. */
    public Consumer<String> timed(Consumer<String> evaluation) {
        return policy -> {
            long started = System.nanoTime();
            try {
                evaluation.accept(policy);
            } finally {
                duration.labelValues(policy).observe((System.nanoTime() - started) / 1e9);
            }
        };
    }

    /** Drops the series of policies no longer in force. */
    public void retain(Set<String> policyNames) {
        lateness.removeIf(labels -> !policyNames.contains(labels.get(0)));
        duration.removeIf(labels -> !policyNames.contains(labels.get(0)));
    }
}
