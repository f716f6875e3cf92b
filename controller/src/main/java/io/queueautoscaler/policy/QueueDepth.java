package io.queueautoscaler.policy;

import java.util.Objects;

/**
 * One queue's depth at one moment, as SQS reports it: visible (waiting), in flight (received,
 * not yet deleted) and delayed. {@code oldestAgeSeconds} is NaN unless the source knows it
 * (CloudWatch's ApproximateAgeOfOldestMessage).
 */
public record QueueDepth(String url, long visible, long inFlight, long delayed, double oldestAgeSeconds) {
    public QueueDepth {
        Objects.requireNonNull(url, "url");
        if (visible < 0 || inFlight < 0 || delayed < 0) {
            throw new IllegalArgumentException("queue counts cannot be negative: " + url);
        }
    }

    public static QueueDepth of(String url, long visible, long inFlight, long delayed) {
        return new QueueDepth(url, visible, inFlight, delayed, Double.NaN);
    }

    /** The backlog a policy counts: visible, plus in flight and delayed when it says so. */
    public long backlog(MetricsSpec spec) {
        return visible + (spec.includeInFlight() ? inFlight : 0) + (spec.includeDelayed() ? delayed : 0);
    }
}
