package io.queueautoscaler.policy;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one instance of the group can do. Without {@code messagesPerSecondPerInstance} the
 * throughput is learned from observations.
 */
public record Workers(int concurrencyPerInstance, OptionalDouble messagesPerSecondPerInstance, int warmupSeconds) {
    public static final Workers DEFAULT = new Workers(1, OptionalDouble.empty(), 120);

    public Workers {
        if (concurrencyPerInstance < 1) {
            throw new IllegalArgumentException("concurrencyPerInstance must be at least 1: " + concurrencyPerInstance);
        }
        Objects.requireNonNull(messagesPerSecondPerInstance, "messagesPerSecondPerInstance");
        messagesPerSecondPerInstance.ifPresent(rate -> {
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("messagesPerSecondPerInstance must be above 0: " + rate);
            }
        });
        if (warmupSeconds < 0) {
            throw new IllegalArgumentException("warmupSeconds must be at least 0: " + warmupSeconds);
        }
    }
}
