package io.queueautoscaler.policy;

/** Protection leases for the group's workers: default and longest lease. */
public record Protection(boolean enabled, int leaseSeconds, int maxLeaseSeconds) {
    public static final Protection DEFAULT = new Protection(true, 300, 86_400);

    public Protection {
        if (leaseSeconds < 1) {
            throw new IllegalArgumentException("leaseSeconds must be at least 1: " + leaseSeconds);
        }
        if (maxLeaseSeconds < leaseSeconds) {
            throw new IllegalArgumentException("maxLeaseSeconds " + maxLeaseSeconds + " is below leaseSeconds " + leaseSeconds);
        }
    }
}
