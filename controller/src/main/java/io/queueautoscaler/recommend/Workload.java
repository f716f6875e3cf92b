package io.queueautoscaler.recommend;

import java.util.List;
import java.util.Objects;

/**
 * The estimator's state between evaluations: one flow per queue, in the policy's queue order,
 * the instances in service at the last observation, and what was learned about throughput.
 */
public record Workload(List<QueueFlow> queues, int inService, ServiceRate serviceRate) {
    public static final Workload EMPTY = new Workload(List.of(), 0, ServiceRate.NONE);

    public Workload {
        queues = List.copyOf(queues);
        if (inService < 0) {
            throw new IllegalArgumentException("inService cannot be negative: " + inService);
        }
        Objects.requireNonNull(serviceRate, "serviceRate");
    }

    public double totalSustainedRate() {
        return queues.stream().mapToDouble(QueueFlow::sustainedRate).sum();
    }
}
