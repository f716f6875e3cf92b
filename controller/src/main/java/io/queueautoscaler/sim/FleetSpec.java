package io.queueautoscaler.sim;

/** The simulated worker group: instances at the start, boot time and slots per instance. */
public record FleetSpec(int initialCapacity, int bootSeconds, int concurrencyPerInstance) {
    public FleetSpec {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("fleet.initialCapacity must be at least 0: " + initialCapacity);
        }
        if (bootSeconds < 0) {
            throw new IllegalArgumentException("fleet.bootSeconds must be at least 0: " + bootSeconds);
        }
        if (concurrencyPerInstance < 1) {
            throw new IllegalArgumentException("fleet.concurrencyPerInstance must be at least 1: " + concurrencyPerInstance);
        }
    }
}
