package io.queueautoscaler.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * latency mode: the least capacity that starts every message within its queue's target wait,
 * the largest of three needs:
 * <ul>
 *   <li>keeping up: the sustained arrival rate over the throughput per instance, and never fewer
 *       than the instances busy right now (a scale-in below that would only queue their work);
 *   <li>deadlines ({@link DeadlinePlan}): queues are served in list order, so queue i is planned
 *       behind the backlog of queues 0..i-1 and their arrivals. Pending instances count with the
 *       time they land, so a burst already answered is not answered twice;
 *   <li>bursts ({@link BurstEnvelope}): when new instances land later than a queue's target,
 *       only running capacity can serve a burst's first messages, so it is sized for recent ones.
 * </ul>
 * It plans on {@link #PLAN_FRACTION} of each target, leaving room for the randomness of service
 * times and of arrivals.
 */
final class LatencyMode {
    /** Plan to start messages within this share of their target wait. */
    static final double PLAN_FRACTION = 0.8;

    private LatencyMode() {
    }

    static Stage recommend(ScalingPolicy policy, Observation observation, Workload workload, Throughput throughput,
                           Supply supply, Map<String, Object> estimates) {
        Instant now = observation.time();
        double perInstance = throughput.perInstance();
        double reaction = supply.warmupSeconds() + policy.evaluationIntervalSeconds();
        double sustained = workload.totalSustainedRate();
        long inFlight = observation.queues().stream().mapToLong(QueueDepth::inFlight).sum();
        double busy = (double) inFlight / policy.workers().concurrencyPerInstance();
        int keepUp = Math.max(ceil(sustained / perInstance), ceil(busy));
        double bursts = 0;
        for (int i = 0; i < policy.queues().size(); i++) {
            if (plan(policy.queues().get(i)) < reaction) {
                bursts += workload.queues().get(i).burstRate();
            }
        }
        int burstNeed = ceil(bursts / perInstance);
        estimates.put("sustainedArrivalRate", round(sustained));
        estimates.put("busyInstances", round(busy));
        estimates.put("keepUpCapacity", keepUp);
        estimates.put("burstRate", round(bursts));
        estimates.put("burstCapacity", burstNeed);

        DeadlinePlan deadlines = new DeadlinePlan(supply, Math.max(policy.target().maxCapacity(), supply.current()), reaction);
        String why = burstNeed > keepUp ? bursts(bursts, burstNeed, throughput) : keepingUp(sustained, busy, keepUp, throughput);
        int need = Math.max(keepUp, burstNeed);
        double aheadWork = 0;
        double aheadRate = 0;
        double oldest = 0;
        for (int i = 0; i < policy.queues().size(); i++) {
            QueueSpec spec = policy.queues().get(i);
            QueueFlow flow = workload.queues().get(i);
            int queueNeed = deadlines.leastCapacity(flow, plan(spec), spec.targetWaitSeconds(), aheadWork, aheadRate, now);
            double age = flow.waiting() == 0 ? 0 : Duration.between(flow.oldestWaitingArrival(), now).toMillis() / 1000.0;
            oldest = Math.max(oldest, age);
            aheadWork += flow.waiting();
            aheadRate += flow.fastRate();
            estimates.put("waiting." + spec.name(), flow.waiting());
            estimates.put("oldestWaitSeconds." + spec.name(), round(age));
            estimates.put("arrivalRate." + spec.name(), round(flow.fastRate()));
            estimates.put("need." + spec.name(), queueNeed);
            if (queueNeed > need) {
                need = queueNeed;
                why = backlog(policy, (long) aheadWork, oldest, aheadRate, queueNeed, throughput, spec);
            }
        }
        String fleet = supply.serving() + " in service, " + supply.pending() + " pending, warmup "
                + Recommender.fmt(supply.warmupSeconds()) + " s";
        return new Stage("latency", need, Reason.LATENCY_TARGET, why + " (" + fleet + ")");
    }

    private static double plan(QueueSpec spec) {
        return spec.targetWaitSeconds() * PLAN_FRACTION;
    }

    private static String keepingUp(double sustained, double busy, int need, Throughput throughput) {
        return String.format(Locale.ROOT, "keeping up with %.2f msg/s (%.2f instances busy) needs %d at %s",
                sustained, busy, need, throughput.describe());
    }

    private static String bursts(double rate, int need, Throughput throughput) {
        return String.format(Locale.ROOT,
                "absorbing bursts like the recent ones before new instances land takes %.2f msg/s: needs %d at %s",
                rate, need, throughput.describe());
    }

    private static String backlog(ScalingPolicy policy, long waiting, double oldest, double arriving, int need,
                                  Throughput throughput, QueueSpec binding) {
        int queues = policy.queues().size();
        return String.format(Locale.ROOT,
                "backlog %d over %d queue%s (oldest %.0f s), %.2f msg/s arriving: needs %d at %s to start %s within %s s of its %d s target",
                waiting, queues, queues == 1 ? "" : "s", oldest, arriving, need, throughput.describe(), binding.name(),
                Recommender.fmt(plan(binding)), binding.targetWaitSeconds());
    }

    static int ceil(double value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(value - 1e-9));
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
