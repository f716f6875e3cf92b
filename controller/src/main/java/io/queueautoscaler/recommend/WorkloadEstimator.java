package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.QueueSpec;
import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Estimates each queue's arrival rate from queue depths alone.
 *
 * <p>SQS reports how many messages wait (visible), are being worked on (in flight) and are
 * delayed, never how many arrived or left. Between two observations the total on a queue
 * changes by arrivals minus departures. Departures follow from Little's law: each in-flight
 * message occupies one worker slot and finishes after the mean service time, so departures per
 * second = inFlight * throughputPerInstance / concurrencyPerInstance (in-flight averaged over the
 * interval). Hence arrivals = max(0, change in total + departures), smoothed by two
 * exponentially weighted averages (a fast one that follows bursts, a slow one for the sustained
 * rate). Note that rate / throughput = change / throughput + inFlight / concurrency: the number
 * of instances needed to keep up depends on the throughput only through the change in depth, so
 * a throughput guess matters little while the queue is steady. Throughput itself comes from
 * {@link ServiceRateEstimator}.
 */
final class WorkloadEstimator {
    /** Follows a burst within an evaluation or two. */
    static final double FAST_TIME_CONSTANT_SECONDS = 10;
    /** The sustained rate (at least the queue's target wait): a shorter burst barely moves it. */
    static final double SLOW_TIME_CONSTANT_SECONDS = 300;
    /**
     * The share of estimated departures taken off the arrivals that date the backlog: an
     * overestimated throughput invents arrivals while a backlog drains, and those would make the
     * oldest waiting messages look younger than they are.
     */
    static final double DATING_MARGIN = 0.1;
    /** Enough marks to date a backlog several hours deep at a 15 s interval. */
    static final int MAX_MARKS = 1000;

    private WorkloadEstimator() {
    }

    static Throughput throughput(ScalingPolicy policy, Workload workload, Instant now) {
        return ServiceRateEstimator.throughput(policy, workload.serviceRate(), now);
    }

    /**
     * The workload after one good observation; {@code throughput} is the estimate before it and
     * {@code horizons} latency mode's plan of each queue.
     */
    static Workload observe(Workload previous, ScalingPolicy policy, Observation observation, Throughput throughput,
                            List<Horizon> horizons) {
        int concurrency = policy.workers().concurrencyPerInstance();
        List<QueueFlow> flows = new ArrayList<>();
        boolean comparable = previous.queues().size() == observation.queues().size();
        double seconds = 0;
        double shrinkage = 0;
        double maxInFlight = 0;
        double meanInFlight = 0;
        boolean waitedAtStart = false;
        boolean waitedAtEnd = false;
        for (int i = 0; i < observation.queues().size(); i++) {
            QueueDepth depth = observation.queues().get(i);
            QueueSpec spec = policy.queues().get(i);
            QueueFlow before = i < previous.queues().size() ? previous.queues().get(i) : null;
            long waiting = depth.visible() + (policy.metrics().includeDelayed() ? depth.delayed() : 0);
            long total = depth.visible() + depth.inFlight() + depth.delayed();
            if (before == null || !before.url().equals(depth.url()) || !observation.time().isAfter(before.time())) {
                flows.add(first(depth.url(), observation.time(), waiting, depth.inFlight(), total, throughput, concurrency));
                comparable = false;
                continue;
            }
            seconds = Numbers.seconds(before.time(), observation.time());
            double inFlight = (before.inFlight() + depth.inFlight()) / 2.0;
            double departures = throughput.perInstance() * inFlight / concurrency * seconds;
            double arrivals = Math.max(0, total - before.total() + departures);
            double rate = arrivals / seconds;
            // Dating the backlog with too many arrivals would make it look younger than it is, so
            // marks count the arrivals less a share of the departures, but never fewer than the
            // growth of the queue or of its waiting messages (both lower bounds on arrivals).
            double dated = Math.max(Math.max(0, waiting - before.waiting()),
                    Math.max(total - before.total(), arrivals - DATING_MARGIN * departures));
            ArrivalMark latest = before.recent().get(before.recent().size() - 1);
            Horizon horizon = horizons.get(i);
            double window = horizon.burstWindowSeconds();
            List<ArrivalMark> recent = BurstEnvelope.recent(before.recent(),
                    new ArrivalMark(observation.time(), latest.cumulative() + arrivals), window);
            flows.add(new QueueFlow(depth.url(), observation.time(), waiting, depth.inFlight(), total,
                    waiting - before.waiting(),
                    smooth(before.fastRate(), rate, seconds, FAST_TIME_CONSTANT_SECONDS),
                    smooth(before.slowRate(), rate, seconds, Math.max(SLOW_TIME_CONSTANT_SECONDS, spec.targetWaitSeconds())),
                    BurstEnvelope.rate(before.burstRate(), seconds, recent, window, horizon.planSeconds()),
                    marks(before, observation.time(), before.cumulativeArrivals() + Math.max(0, dated), waiting),
                    recent));
            shrinkage += before.total() - total;
            maxInFlight += Math.max(before.inFlight(), depth.inFlight());
            meanInFlight += inFlight;
            waitedAtStart |= before.waiting() > 0;
            waitedAtEnd |= waiting > 0;
        }
        int inService = observation.fleet().inService();
        ServiceRate rate = previous.serviceRate();
        double slots = 0;
        if (comparable && seconds > 0) {
            // No slot is busier than every slot of every instance in service during the interval,
            // so counting all of them keeps a drain's bound a bound when capacity changed.
            slots = Math.max(maxInFlight, concurrency * Math.max(previous.inService(), inService));
            rate = ServiceRateEstimator.observe(rate, concurrency, observation.time(), seconds, shrinkage, slots,
                    waitedAtStart, waitedAtStart || waitedAtEnd ? OptionalDouble.empty() : OptionalDouble.of(meanInFlight));
        }
        rate = ServiceRateEstimator.observeTasks(rate, observation.time(), observation.tasks());
        rate = ServiceRateEstimator.observeDeletions(rate, observation.time(), comparable ? seconds : 0, slots,
                Math.min(previous.inService(), inService) > 0, observation.queues());
        return new Workload(flows, inService, rate);
    }

    /** With nothing to compare, Little's law gives the rate the in-flight messages imply. */
    private static QueueFlow first(String url, Instant time, long waiting, long inFlight, long total,
                                   Throughput throughput, int concurrency) {
        double rate = throughput.perInstance() * inFlight / concurrency;
        List<ArrivalMark> start = List.of(new ArrivalMark(time, 0));
        return new QueueFlow(url, time, waiting, inFlight, total, 0, rate, rate, 0, start, start);
    }

    static double smooth(double previous, double sample, double seconds, double timeConstant) {
        double weight = 1 - Math.exp(-seconds / timeConstant);
        return previous + weight * (sample - previous);
    }

    /** Appends a mark and drops those older than the oldest waiting message needs. */
    private static List<ArrivalMark> marks(QueueFlow before, Instant time, double cumulative, long waiting) {
        List<ArrivalMark> marks = new ArrayList<>(before.marks());
        marks.add(new ArrivalMark(time, cumulative));
        double head = cumulative - waiting;
        int keepFrom = 0;
        for (int i = marks.size() - 1; i >= 0; i--) {
            if (marks.get(i).cumulative() <= head) {
                keepFrom = i;
                break;
            }
        }
        keepFrom = Math.max(keepFrom, marks.size() - MAX_MARKS);
        return marks.subList(keepFrom, marks.size());
    }
}
