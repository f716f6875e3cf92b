package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToLongFunction;

/**
 * Learns per-instance throughput from what the workers do: the tasks they lease one at a time,
 * the messages they delete while every slot is busy, and the backlogs they drain. A declared
 * throughput wins, then leased tasks, then saturated minutes of deleted messages (see
 * {@link SaturatedMinutes}), then the drains; a drain's lower bound overrules a measurement that
 * shows less.
 *
 * <p>A worker that holds a protection lease per task (the worker client's {@code protect()}
 * around each task, the sidecar around each request) tells the daemon when each task began and
 * ended: a lease from its take to its release is the time the task kept a worker slot busy. One
 * busy slot then does count / held seconds tasks per second, and an instance concurrency times
 * that. The sums are kept over the last {@link #MAX_LEASED_TASKS} tasks (within {@link #MEMORY}),
 * and used from {@link #MIN_LEASED_TASKS} on. Leases measure nothing of a worker that holds one
 * lease across several tasks: such holds look like slow tasks, which would waste instances. So a
 * drain's lower bound (below) overrules the leases when it proves more. It overrules saturated
 * minutes too, which show too little when slots were free after all (CloudWatch's visible counts
 * are samples, not the whole minute) or when failed messages went back to the queue undeleted.
 *
 * <p>Queue depths never say how many messages arrived. While arrivals are unknown, throughput
 * cannot be told apart from them: a queue served by fast workers under heavy traffic looks like
 * one served by slow workers under light traffic.
 * Nor does correlating growth with capacity changes help: capacity lands a warmup after the burst
 * that called for it, often as the burst ends, which would make workers look faster than they
 * are. What the depths do give is a lower bound: while a backlog drains, at least the shrinkage
 * left, so throughput per instance is at least concurrency * shrinkage / busy slot-seconds. It is
 * tight after a burst, when arrivals are few against departures. Drains are summed over up to
 * {@link #DRAIN_WINDOW_SECONDS} so that service-time randomness averages out, and the tightest
 * bound of the last {@link #MEMORY} is taken when it beats the assumption.
 *
 * <p>A drain that ends in a calm interval (no message waiting at either end) says more. In the
 * calm interval every arrival starts at once, so by Little's law the messages in flight there,
 * N, are the arrival rate times the service time per slot; taking the arrivals during the drain
 * to be those of the calm interval right after it, the departures were the shrinkage plus N times
 * the throughput per slot, and throughput per instance = concurrency * shrinkage / (busy
 * slot-seconds - N * seconds). When the backlog cleared because arrivals fell, N is lower than the
 * drain's arrivals and the estimate errs low, on the side of more capacity. The median of the
 * recent estimates is used, never below the tightest bound, and only from drains whose busy slots
 * were at least twice N (the estimate amplifies the noise of the shrinkage by slots / (slots - N)).
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
    /** Estimates remembered; their median is used. */
    static final int MAX_ESTIMATES = 9;
    /**
     * A drain of fewer messages says too little: service times are random, and the largest of
     * many drains of a message or two would take the luckiest for the rule.
     */
    static final double MIN_DRAINED_MESSAGES = 20;
    /** A drain shorter than this says too little. */
    static final double MIN_DRAIN_SECONDS = 10;
    /**
     * Fewer leased tasks say too little: service times are random, and the mean of 200 exponential
     * ones is within 20% of the truth 99.5% of the time (of 20, about two times in three).
     */
    static final long MIN_LEASED_TASKS = 200;
    /**
     * The leased tasks the rate is measured on, the most recent: enough to average out random service
     * times, few enough that a slower release shows within minutes of a busy group's work. Service
     * times are often heavy-tailed: with a p99 six times the mean (a lognormal whose standard
     * deviation is 1.4 times its mean) the mean of 500 is more than 10% off one time in eight, and
     * latency mode holding a backlog close to its target answers a rate 15% low with a scale-out
     * several times the capacity that keeps up. The mean of 2000 such times is within 7% of the
     * truth 97% of the time (of exponential ones, within 5% 98% of the time).
     */
    static final long MAX_LEASED_TASKS = 2000;
    /** Observations of leased tasks remembered, whatever their count: a trickle of one task each stays bounded. */
    static final int MAX_TASK_OBSERVATIONS = 200;

    private ServiceRateEstimator() {
    }

    static Throughput throughput(ScalingPolicy policy, ServiceRate rate, Instant now) {
        if (policy.workers().messagesPerSecondPerInstance().isPresent()) {
            return new Throughput(policy.workers().messagesPerSecondPerInstance().getAsDouble(), Throughput.Source.declared);
        }
        int concurrency = policy.workers().concurrencyPerInstance();
        Instant horizon = now.minus(MEMORY);
        List<ServiceRate.Bound> bounds = rate.bounds().stream().filter(b -> b.time().isAfter(horizon)).toList();
        double bound = bounds.stream().mapToDouble(ServiceRate.Bound::perInstance).max().orElse(0);
        LeasedTasks leased = rate.leasedTasks().stream().filter(t -> t.time().isAfter(horizon))
                .map(ServiceRate.Tasks::leased).reduce(LeasedTasks.NONE, LeasedTasks::plus);
        Optional<Throughput> measured = leased.count() >= MIN_LEASED_TASKS && leased.seconds() > 0
                ? Optional.of(Throughput.learned(concurrency * leased.count() / leased.seconds(),
                        (int) Math.min(Integer.MAX_VALUE, leased.count()), Throughput.Evidence.leasedTasks))
                : rate.saturatedMinutes().throughput(concurrency, now);
        if (measured.isPresent()) {
            return measured.get().perInstance() >= bound ? measured.get()
                    : Throughput.overruling(bound, bounds.size(), measured.get());
        }
        double[] estimates = rate.estimates().stream().filter(b -> b.time().isAfter(horizon))
                .mapToDouble(ServiceRate.Bound::perInstance).sorted().toArray();
        if (estimates.length > 0) {
            double median = (estimates[(estimates.length - 1) / 2] + estimates[estimates.length / 2]) / 2;
            return Throughput.learned(Math.max(median, bound), bounds.size(), Throughput.Evidence.drainedBacklogs);
        }
        double assumed = concurrency / ASSUMED_SERVICE_SECONDS;
        return bound > assumed
                ? Throughput.learned(bound, bounds.size(), Throughput.Evidence.drainedBacklogs)
                : Throughput.assumed(assumed, progress(leased, rate.saturatedMinutes().progress(now)));
    }

    /** The leased tasks and saturated minutes seen so far, against what is needed to learn from them, or "". */
    private static String progress(LeasedTasks leased, String minutes) {
        String tasks = leased.count() > 0
                ? Numbers.plural(leased.count(), "leased task") + " of the " + MIN_LEASED_TASKS + " needed" : "";
        return tasks.isEmpty() || minutes.isEmpty() ? tasks + minutes : tasks + " and " + minutes;
    }

    /**
     * Adds the leased tasks that finished in the interval ending at {@code end}, keeping the most
     * recent {@link #MAX_LEASED_TASKS} (and the observation that crosses that count) within {@link #MEMORY}.
     */
    static ServiceRate observeTasks(ServiceRate previous, Instant end, LeasedTasks finished) {
        if (finished.isEmpty()) {
            return previous;
        }
        List<ServiceRate.Tasks> tasks = new ArrayList<>(previous.leasedTasks());
        tasks.add(new ServiceRate.Tasks(end, finished.count(), finished.seconds()));
        Instant horizon = end.minus(MEMORY);
        tasks.removeIf(t -> !t.time().isAfter(horizon));
        keepMostRecent(tasks, ServiceRate.Tasks::count, MAX_LEASED_TASKS, 1, MAX_TASK_OBSERVATIONS);
        return previous.withLeasedTasks(tasks);
    }

    /**
     * Drops the oldest of {@code oldestFirst} while the rest still count {@code most} or more
     * (so the entry that crosses that count stays), or there are more than {@code entries}; at
     * least {@code fewest} always stay. The measurements rest on the most recent work, enough of it
     * to average out random service times, and stay bounded however little each entry counts.
     */
    static <T> void keepMostRecent(List<T> oldestFirst, ToLongFunction<T> count, long most, int fewest, int entries) {
        long kept = oldestFirst.stream().mapToLong(count).sum();
        while (oldestFirst.size() > fewest
                && (kept - count.applyAsLong(oldestFirst.get(0)) >= most || oldestFirst.size() > entries)) {
            kept -= count.applyAsLong(oldestFirst.remove(0));
        }
    }

    /**
     * Adds the interval of {@code seconds} ending at {@code end} (0 when there is none to compare
     * with) to the busy slots of its minutes, and takes the saturated minutes of the queues'
     * deletions (see {@link SaturatedMinutes}); {@code inService} tells whether instances were in
     * service at both ends of the interval.
     */
    static ServiceRate observeDeletions(ServiceRate previous, Instant end, double seconds, double busySlotsBound,
                                        boolean inService, List<QueueDepth> queues) {
        return previous.withSaturatedMinutes(
                previous.saturatedMinutes().observe(end, seconds, busySlotsBound, inService, queues));
    }

    /**
     * The evidence after one interval of {@code seconds} ending at {@code end}: the queues' net
     * shrinkage, an upper bound on the busy slots, whether messages waited at its start, and, when
     * none waited at either end, the mean number in flight.
     */
    static ServiceRate observe(ServiceRate previous, int concurrency, Instant end, double seconds, double shrinkage,
                               double busySlotsBound, boolean waitedAtStart, OptionalDouble calmInFlight) {
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
            List<ServiceRate.Bound> estimates = new ArrayList<>(previous.estimates());
            estimates.removeIf(b -> !b.time().isAfter(horizon));
            if (drainSeconds >= MIN_DRAIN_SECONDS && drainShrinkage >= MIN_DRAINED_MESSAGES && drainSlotSeconds > 0) {
                bounds.add(new ServiceRate.Bound(end, concurrency * drainShrinkage / drainSlotSeconds));
                double calm = calmInFlight.orElse(Double.NaN) * drainSeconds;
                if (!waitedAtStart && calm >= 0 && 2 * calm <= drainSlotSeconds) {
                    estimates.add(new ServiceRate.Bound(end, concurrency * drainShrinkage / (drainSlotSeconds - calm)));
                }
            }
            List<ServiceRate.Bound> kept = estimates.subList(Math.max(0, estimates.size() - MAX_ESTIMATES), estimates.size());
            return new ServiceRate(0, 0, 0, bounds, kept, previous.leasedTasks(), previous.saturatedMinutes());
        }
        return new ServiceRate(drainSeconds, drainShrinkage, drainSlotSeconds, bounds, previous.estimates(),
                previous.leasedTasks(), previous.saturatedMinutes());
    }
}
