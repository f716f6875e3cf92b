package io.queueautoscaler.lease;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A worker's protection lease on its instance: taken at {@code takenAt}, live until
 * {@code expiresAt} unless renewed. {@code protectedFromScaleIn} is true once AWS accepted the
 * protection (or the instance was already protected by someone else); it is not stored, and after
 * a restart it is learned again from the group's actual flags.
 */
public record Lease(String instanceId, String autoScalingGroupName, Instant takenAt, Instant expiresAt,
                    boolean protectedFromScaleIn) {
    public Lease {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(autoScalingGroupName, "autoScalingGroupName");
        Objects.requireNonNull(takenAt, "takenAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (expiresAt.isBefore(takenAt)) {
            throw new IllegalArgumentException("lease of " + instanceId + " expires at " + expiresAt
                    + ", before it was taken at " + takenAt);
        }
    }

    public static Lease take(String instanceId, String autoScalingGroupName, Instant now, Duration duration,
                             boolean alreadyProtected) {
        // Millisecond precision: the taking time names the lease in the store, and must read back equal.
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        return new Lease(instanceId, autoScalingGroupName, at, at.plus(duration), alreadyProtected);
    }

    public boolean liveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    public Lease renewedUntil(Instant newExpiry) {
        return new Lease(instanceId, autoScalingGroupName, takenAt, newExpiry, protectedFromScaleIn);
    }

    public Lease withProtection(boolean isProtected) {
        return isProtected == protectedFromScaleIn ? this
                : new Lease(instanceId, autoScalingGroupName, takenAt, expiresAt, isProtected);
    }

    /** The same lease (same instance, same taking), whatever its expiry and protection now. */
    public boolean sameTaking(Lease other) {
        return other != null && instanceId.equals(other.instanceId) && takenAt.equals(other.takenAt);
    }
}
