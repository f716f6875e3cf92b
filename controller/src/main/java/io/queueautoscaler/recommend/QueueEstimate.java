package io.queueautoscaler.recommend;

import java.util.Objects;

/**
 * One queue as latency mode planned it: messages waiting, the estimated wait of the oldest, the
 * fast arrival rate, and the capacity that starts its messages within their target.
 */
public record QueueEstimate(String queue, long waiting, double oldestWaitSeconds, double arrivalRate, int need) {
    public QueueEstimate {
        Objects.requireNonNull(queue, "queue");
    }
}
