package io.queueautoscaler.recommend;

import java.util.List;
import java.util.Objects;

/**
 * Latency mode's workings: the throughput it planned with, where that came from and from how many
 * observations it was learned (0 unless learned), the
 * sustained and burst arrival rates with the capacity each needs, and each queue's share (in
 * the policy's queue order). Rates are rounded to three decimals.
 */
public record LatencyEstimates(
        double throughputPerInstance,
        String throughputSource,
        int throughputObservations,
        double sustainedArrivalRate,
        int keepUpCapacity,
        double burstRate,
        int burstCapacity,
        List<QueueEstimate> queues) {

    public LatencyEstimates {
        Objects.requireNonNull(throughputSource, "throughputSource");
        queues = List.copyOf(queues);
    }
}
