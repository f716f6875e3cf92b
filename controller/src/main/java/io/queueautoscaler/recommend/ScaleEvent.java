package io.queueautoscaler.recommend;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of the group's desired capacity, as the HPA's timestampedScaleEvent: positive for a
 * scale-out, negative for a scale-in. The rate-limit policies count the events of their period.
 */
public record ScaleEvent(Instant time, int change) {
    public ScaleEvent {
        Objects.requireNonNull(time, "time");
        if (change == 0) {
            throw new IllegalArgumentException("a scale event changes the capacity");
        }
    }
}
