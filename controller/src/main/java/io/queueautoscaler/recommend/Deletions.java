package io.queueautoscaler.recommend;

import java.time.Instant;
import java.util.Objects;

/**
 * The messages deleted from one queue in one minute (CloudWatch's {@code NumberOfMessagesDeleted},
 * summed over the minute starting at {@code minute}), and whether messages waited, visible, at
 * the minute's start and at its end. A worker deletes a message when it has processed it, so in a
 * minute that had messages waiting from start to end, which kept every worker slot busy, the
 * deletions measure what the workers do (see {@link SaturatedMinutes}).
 */
public record Deletions(Instant minute, long count, boolean visibleAtStart, boolean visibleAtEnd) {
    public Deletions {
        Objects.requireNonNull(minute, "minute");
        if (count < 0) {
            throw new IllegalArgumentException("deleted messages cannot be negative: " + count + " in the minute of " + minute);
        }
    }

    /** Messages waited from the minute's start to its end. */
    public boolean waitedThroughout() {
        return visibleAtStart && visibleAtEnd;
    }
}
