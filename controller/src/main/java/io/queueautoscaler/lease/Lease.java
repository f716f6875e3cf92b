package io.queueautoscaler.lease;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One holder's protection lease on an instance: taken at {@code takenAt}, live until
 * {@code expiresAt} unless renewed, for {@code period} at a time. An instance is protected while
 * at least one of its holders' leases is live; each holder renews and releases only its own.
 * {@code protectedByOther}: someone other than the daemon protected the instance when this holder
 * took its lease, so the daemon neither sets nor lifts that protection.
 */
public record Lease(String instanceId, String holder, String autoScalingGroupName, Instant takenAt, Instant expiresAt,
                    Duration period, boolean protectedByOther) {
    public Lease {
        Objects.requireNonNull(instanceId, "instanceId");
        Holders.check(holder);
        Objects.requireNonNull(autoScalingGroupName, "autoScalingGroupName");
        Objects.requireNonNull(takenAt, "takenAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("lease of " + instanceId + " by " + holder + " needs a period above zero, was "
                    + period);
        }
        if (expiresAt.isBefore(takenAt)) {
            throw new IllegalArgumentException("lease of " + instanceId + " by " + holder + " expires at " + expiresAt
                    + ", before it was taken at " + takenAt);
        }
    }

    public static Lease take(String instanceId, String holder, String autoScalingGroupName, Instant now, Duration period,
                             boolean protectedByOther) {
        // Millisecond precision: what the worker is told must read back equal from the database.
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        return new Lease(instanceId, holder, autoScalingGroupName, at, at.plus(period), period, protectedByOther);
    }

    public boolean liveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    public Lease renewedUntil(Instant newExpiry, Duration newPeriod) {
        return new Lease(instanceId, holder, autoScalingGroupName, takenAt, newExpiry, newPeriod, protectedByOther);
    }
}
