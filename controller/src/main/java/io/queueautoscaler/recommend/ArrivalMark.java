package io.queueautoscaler.recommend;

import java.time.Instant;
import java.util.Objects;

/**
 * The estimated number of messages that had arrived on a queue by {@code time}, counted from
 * when the estimator first saw it. Successive marks date the messages still waiting.
 */
public record ArrivalMark(Instant time, double cumulative) {
    public ArrivalMark {
        Objects.requireNonNull(time, "time");
        if (cumulative < 0 || Double.isNaN(cumulative)) {
            throw new IllegalArgumentException("cumulative arrivals must be at least 0: " + cumulative);
        }
    }
}
