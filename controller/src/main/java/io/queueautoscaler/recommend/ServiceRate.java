package io.queueautoscaler.recommend;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What has been shown about per-instance throughput, as {@link ServiceRateEstimator} keeps it:
 * the drain being summed (seconds, net shrinkage, busy slot-seconds), the lower bounds that
 * earlier drains gave, the estimates of drains that ended in a calm interval, the recent
 * tasks workers leased one at a time, one entry per observation that saw some finish, and the
 * recent saturated minutes of deleted messages with the busy slots that wait for them.
 */
public record ServiceRate(double drainSeconds, double drainShrinkage, double drainSlotSeconds, List<Bound> bounds,
                          List<Bound> estimates, List<Tasks> leasedTasks, SaturatedMinutes saturatedMinutes) {

    public static final ServiceRate NONE = new ServiceRate(0, 0, 0, List.of(), List.of(), List.of(), SaturatedMinutes.NONE);

    public ServiceRate {
        if (!(drainSeconds >= 0 && drainSlotSeconds >= 0) || Double.isNaN(drainShrinkage)) {
            throw new IllegalArgumentException("a drain's seconds and slot-seconds must be at least 0");
        }
        bounds = List.copyOf(bounds);
        estimates = List.copyOf(estimates);
        // A memory kept by a version that did not learn from leases has none.
        leasedTasks = leasedTasks == null ? List.of() : List.copyOf(leasedTasks);
        // Nor one kept by a version that did not learn from deleted messages.
        saturatedMinutes = saturatedMinutes == null ? SaturatedMinutes.NONE : saturatedMinutes;
    }

    /** The same evidence with {@code tasks} as the leased tasks. */
    ServiceRate withLeasedTasks(List<Tasks> tasks) {
        return new ServiceRate(drainSeconds, drainShrinkage, drainSlotSeconds, bounds, estimates, tasks, saturatedMinutes);
    }

    /** The same evidence with {@code minutes} as the saturated minutes. */
    ServiceRate withSaturatedMinutes(SaturatedMinutes minutes) {
        return new ServiceRate(drainSeconds, drainShrinkage, drainSlotSeconds, bounds, estimates, leasedTasks, minutes);
    }

    /** A per-instance throughput from one drain (a lower bound or an estimate), and when it was taken. */
    public record Bound(Instant time, double perInstance) {
        public Bound {
            Objects.requireNonNull(time, "time");
            if (!(perInstance > 0) || Double.isInfinite(perInstance)) {
                throw new IllegalArgumentException("a throughput bound must be above 0: " + perInstance);
            }
        }
    }

    /** The leased tasks that finished in the interval ending at {@code time} (flat, as the memory stores it). */
    public record Tasks(Instant time, long count, double seconds) {
        public Tasks {
            Objects.requireNonNull(time, "time");
            new LeasedTasks(count, seconds); // checks count and seconds as LeasedTasks does
        }

        /** The same tasks without their time. */
        LeasedTasks leased() {
            return new LeasedTasks(count, seconds);
        }
    }
}
