package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Learns per-instance throughput from queue depths, which never say how many messages arrived.
 *
 * <p>While arrivals are unknown, throughput cannot be told apart from them: a queue served by
 * fast workers under heavy traffic looks like one served by slow workers under light traffic.
 * Nor does correlating growth with capacity changes help: capacity lands a warmup after the burst
 * that called for it, often as the burst ends, which would make workers look faster than they
 * are. What the depths do give is a lower bound: while a backlog drains, at least the shrinkage
 * left, so throughput per instance is at least concurrency * shrinkage / busy slot-seconds. It is
 * tight after a burst, when arrivals are few against departures. Drains are summed over up to
 * {@link #DRAIN_WINDOW_SECONDS} so that service-time randomness averages out, and the tightest
 * bound of the last {@link #MEMORY} is taken when it beats the assumption.
 *
 * <p>The assumption, concurrency over {@link #ASSUMED_SERVICE_SECONDS}, is deliberately slow:
 * underestimating throughput costs instances while a backlog is worked off, overestimating it
 * misses targets. A policy that knows better sets workers.messagesPerSecondPerInstance.
 */
final class ServiceRateEstimator {
    /** Bounds older than this are forgotten, so a slower release is noticed. */
    static final Duration MEMORY = Duration.ofHours(6);
    static final double ASSUMED_SERVICE_SECONDS = 5;
    static final double DRAIN_WINDOW_SECONDS = 120;
    /** A drain shorter than this says too little. */
    static final double MIN_DRAIN_SECONDS = 30;

    private ServiceRateEstimator() {
    }

    static Throughput throughput(ScalingPolicy policy, ServiceRate rate, Instant now) {
        if (policy.workers().messagesPerSecondPerInstance().isPresent()) {
            return new Throughput(policy.workers().messagesPerSecondPerInstance().getAsDouble(), Throughput.Source.declared);
        }
        Instant horizon = now.minus(MEMORY);
        double bound = rate.bounds().stream().filter(b -> b.time().isAfter(horizon))
                .mapToDouble(ServiceRate.Bound::perInstance).max().orElse(0);
        double assumed = policy.workers().concurrencyPerInstance() / ASSUMED_SERVICE_SECONDS;
        return bound > assumed
                ? new Throughput(bound, Throughput.Source.learned)
                : new Throughput(assumed, Throughput.Source.assumed);
    }

    /**
     * The evidence after one interval of {@code seconds} ending at {@code end}: the queues' net
     * shrinkage, an upper bound on the busy slots, and whether messages waited at its start.
     */
    static ServiceRate observe(ServiceRate previous, int concurrency, Instant end, double seconds, double shrinkage,
                               double busySlotsBound, boolean waitedAtStart) {
        List<ServiceRate.Bound> bounds = new ArrayList<>(previous.bounds());
        Instant horizon = end.minus(MEMORY);
        bounds.removeIf(b -> !b.time().isAfter(horizon));
        double drainSeconds = previous.drainSeconds();
        double drainShrinkage = previous.drainShrinkage();
        double drainSlotSeconds = previous.drainSlotSeconds();
        // Every interval that shrank bounds on its own (its departures were at least its
        // shrinkage), so a drain sums those and skips the ones that grew.
        if (waitedAtStart && shrinkage > 0) {
            drainSeconds += seconds;
            drainShrinkage += shrinkage;
            drainSlotSeconds += busySlotsBound * seconds;
        }
        if (!waitedAtStart || drainSeconds >= DRAIN_WINDOW_SECONDS) {
            if (drainSeconds >= MIN_DRAIN_SECONDS && drainShrinkage > 0 && drainSlotSeconds > 0) {
                bounds.add(new ServiceRate.Bound(end, concurrency * drainShrinkage / drainSlotSeconds));
            }
            return new ServiceRate(0, 0, 0, bounds);
        }
        return new ServiceRate(drainSeconds, drainShrinkage, drainSlotSeconds, bounds);
    }
}
