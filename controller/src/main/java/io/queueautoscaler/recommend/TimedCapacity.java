package io.queueautoscaler.recommend;

import java.time.Instant;
import java.util.Objects;

/** A capacity at a moment: a past recommendation, or the desired capacity seen at an evaluation. */
public record TimedCapacity(Instant time, int capacity) {
    public TimedCapacity {
        Objects.requireNonNull(time, "time");
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity cannot be negative: " + capacity);
        }
    }
}
