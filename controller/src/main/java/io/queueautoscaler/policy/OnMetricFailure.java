package io.queueautoscaler.policy;

/**
 * What to do when the queue depth cannot be read. {@code fallbackCapacity} below zero means
 * none: hold the current capacity for as long as the metrics are missing.
 */
public record OnMetricFailure(boolean hold, int fallbackCapacity, int afterFailures) {
    public static final int NO_FALLBACK = -1;
    public static final OnMetricFailure DEFAULT = new OnMetricFailure(true, NO_FALLBACK, 3);

    public OnMetricFailure {
        if (afterFailures < 1) {
            throw new IllegalArgumentException("afterFailures must be at least 1: " + afterFailures);
        }
        if (fallbackCapacity < NO_FALLBACK) {
            throw new IllegalArgumentException("fallbackCapacity must be at least 0: " + fallbackCapacity);
        }
    }

    public boolean hasFallback() {
        return fallbackCapacity >= 0;
    }
}
