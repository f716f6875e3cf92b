package io.queueautoscaler.policy;

import java.util.OptionalDouble;

/**
 * What one instance of the group can do. {@code messagesPerSecondPerInstance} is 0 when the
 * policy leaves it to be learned from observations.
 */
public record Workers(int concurrencyPerInstance, double messagesPerSecondPerInstance, int warmupSeconds) {
    public static final Workers DEFAULT = new Workers(1, 0, 120);

    public Workers {
        if (concurrencyPerInstance < 1) {
            throw new IllegalArgumentException("concurrencyPerInstance must be at least 1: " + concurrencyPerInstance);
        }
        if (messagesPerSecondPerInstance < 0 || Double.isNaN(messagesPerSecondPerInstance)) {
            throw new IllegalArgumentException("messagesPerSecondPerInstance must be positive: " + messagesPerSecondPerInstance);
        }
        if (warmupSeconds < 0) {
            throw new IllegalArgumentException("warmupSeconds must be at least 0: " + warmupSeconds);
        }
    }

    public OptionalDouble declaredThroughput() {
        return messagesPerSecondPerInstance > 0 ? OptionalDouble.of(messagesPerSecondPerInstance) : OptionalDouble.empty();
    }
}
