package io.queueautoscaler.recommend;

import java.util.Objects;
import java.util.Optional;

/**
 * What an evaluation derived from a good observation, recorded with its decision: the backlog
 * the policy counts, and, in latency mode, the rates and needs behind the number.
 */
public record Estimates(long backlog, Optional<LatencyEstimates> latency) {
    public Estimates {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog cannot be negative: " + backlog);
        }
        Objects.requireNonNull(latency, "latency");
    }
}
