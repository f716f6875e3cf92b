package io.queueautoscaler.policy;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What to do when the queue depth cannot be read: hold the current capacity, and after
 * {@code afterFailures} consecutive failures go to {@code fallbackCapacity} if the policy sets one.
 */
public record OnMetricFailure(OptionalInt fallbackCapacity, int afterFailures) {
    public static final OnMetricFailure DEFAULT = new OnMetricFailure(OptionalInt.empty(), 3);

    public OnMetricFailure {
        Objects.requireNonNull(fallbackCapacity, "fallbackCapacity");
        if (afterFailures < 1) {
            throw new IllegalArgumentException("afterFailures must be at least 1: " + afterFailures);
        }
        if (fallbackCapacity.isPresent() && fallbackCapacity.getAsInt() < 0) {
            throw new IllegalArgumentException("fallbackCapacity must be at least 0: " + fallbackCapacity.getAsInt());
        }
    }
}
