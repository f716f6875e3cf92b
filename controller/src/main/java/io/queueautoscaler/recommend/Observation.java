package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.MetricsSpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one evaluation knows: when, the fleet, each queue's depth in the policy's queue
 * order, and the tasks the group's workers leased and finished since the evaluation before. When
 * the queues could not be read, {@code queues} is empty and {@code metricFailure} says why.
 */
public record Observation(Instant time, FleetSnapshot fleet, List<QueueDepth> queues, Optional<String> metricFailure,
                          LeasedTasks tasks) {
    public Observation {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(fleet, "fleet");
        queues = List.copyOf(queues);
        Objects.requireNonNull(metricFailure, "metricFailure");
        Objects.requireNonNull(tasks, "tasks");
    }

    public static Observation of(Instant time, FleetSnapshot fleet, List<QueueDepth> queues) {
        return of(time, fleet, queues, LeasedTasks.NONE);
    }

    public static Observation of(Instant time, FleetSnapshot fleet, List<QueueDepth> queues, LeasedTasks tasks) {
        return new Observation(time, fleet, queues, Optional.empty(), tasks);
    }

    public static Observation metricsFailed(Instant time, FleetSnapshot fleet, String why) {
        return new Observation(time, fleet, List.of(), Optional.of(why), LeasedTasks.NONE);
    }

    public boolean failed() {
        return metricFailure.isPresent();
    }

    public long backlog(MetricsSpec spec) {
        return queues.stream().mapToLong(q -> q.backlog(spec)).sum();
    }
}
