package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.MetricsSpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one evaluation knows: when, the fleet, and each queue's depth in the policy's
 * queue order. When the queues could not be read, {@code queues} is empty and
 * {@code metricFailure} says why.
 */
public record Observation(Instant time, FleetSnapshot fleet, List<QueueDepth> queues, Optional<String> metricFailure) {
    public Observation {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(fleet, "fleet");
        queues = List.copyOf(queues);
        Objects.requireNonNull(metricFailure, "metricFailure");
    }

    public static Observation of(Instant time, FleetSnapshot fleet, List<QueueDepth> queues) {
        return new Observation(time, fleet, queues, Optional.empty());
    }

    public static Observation metricsFailed(Instant time, FleetSnapshot fleet, String why) {
        return new Observation(time, fleet, List.of(), Optional.of(why));
    }

    public boolean failed() {
        return metricFailure.isPresent();
    }

    public long backlog(MetricsSpec spec) {
        return queues.stream().mapToLong(q -> q.backlog(spec)).sum();
    }
}
