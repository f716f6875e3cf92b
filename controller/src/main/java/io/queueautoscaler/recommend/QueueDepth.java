package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.MetricsSpec;
import java.util.Objects;

/**
 * One queue's depth at one moment, as SQS reports it: visible (waiting), in flight (received,
 * not yet deleted) and delayed.
 */
public record QueueDepth(String url, long visible, long inFlight, long delayed) {
    public QueueDepth {
        Objects.requireNonNull(url, "url");
        if (visible < 0 || inFlight < 0 || delayed < 0) {
            throw new IllegalArgumentException("queue counts cannot be negative: " + url);
        }
    }

    /** The backlog a policy counts: visible, plus in flight and delayed when it says so. */
    public long backlog(MetricsSpec spec) {
        return visible + (spec.includeInFlight() ? inFlight : 0) + (spec.includeDelayed() ? delayed : 0);
    }
}
