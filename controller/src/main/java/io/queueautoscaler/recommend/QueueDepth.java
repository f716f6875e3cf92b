package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.MetricsSpec;
import java.util.List;
import java.util.Objects;

/**
 * One queue's depth at one moment, as SQS reports it: visible (waiting), in flight (received,
 * not yet deleted) and delayed; and, from a source that has them (CloudWatch), the messages
 * deleted in each recent minute, each minute once. A source without them gives none.
 */
public record QueueDepth(String url, long visible, long inFlight, long delayed, List<Deletions> deletions) {
    public QueueDepth {
        Objects.requireNonNull(url, "url");
        if (visible < 0 || inFlight < 0 || delayed < 0) {
            throw new IllegalArgumentException("queue counts cannot be negative: " + url);
        }
        deletions = List.copyOf(deletions);
        if (deletions.stream().map(Deletions::minute).distinct().count() < deletions.size()) {
            throw new IllegalArgumentException("a queue's deletions count each minute once: " + url);
        }
    }

    /** A depth without deletions, as SQS's own attributes give it. */
    public QueueDepth(String url, long visible, long inFlight, long delayed) {
        this(url, visible, inFlight, delayed, List.of());
    }

    /** The backlog a policy counts: visible, plus in flight and delayed when it says so. */
    public long backlog(MetricsSpec spec) {
        return visible + (spec.includeInFlight() ? inFlight : 0) + (spec.includeDelayed() ? delayed : 0);
    }
}
