package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.QueueSpec;
import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * latency mode: the least capacity that starts every message within its queue's target wait,
 * the largest of three needs:
 * <ul>
 *   <li>keeping up: the whole instances the sustained arrival rate keeps busy. The fraction left
 *       over is the deadlines' to answer: a backlog absorbs it, and once that backlog's oldest
 *       messages near their plan, the deadlines ask for the next instance. Rounding up instead
 *       would leave the fraction idle for as long as the traffic lasts, and keeping every busy
 *       instance would forbid any scale-in while a backlog stands (a busy worker that must not be
 *       interrupted holds a protection lease, and the lease floor keeps it);
 *   <li>deadlines ({@link DeadlinePlan}): queues are served in list order, so queue i is planned
 *       behind the backlog of queues 0..i-1 and their arrivals. Pending instances count with the
 *       time they land, so a burst already answered is not answered twice;
 *   <li>bursts ({@link BurstEnvelope}): capacity ordered for a message lands a warmup after the
 *       evaluation that orders it, and a burst is only fully seen by the second evaluation after
 *       it starts. Messages whose plan ends before that can only be served by capacity already
 *       running, so it is sized for the recent bursts over that {@link #burstWindow}. Between
 *       bursts, {@link BurstRhythm} keeps that capacity when the next burst is expected sooner
 *       than releasing and acquiring it again would pay off, and orders it again ahead of the
 *       next burst when it was released.
 * </ul>
 * Whatever they need, instances still booting are kept until they land: cancelling one saves at
 * most the rest of its boot, while a need that returns meanwhile (a burst's second wave, an
 * estimate that dipped for one evaluation) would wait a whole warmup for a new one, late.
 * It plans on {@link #PLAN_FRACTION} of each target, leaving room for the randomness of service
 * times and of arrivals.
 */
final class LatencyMode {
    /**
     * Plan to start messages within this share of their target wait. The rest absorbs what the
     * arithmetic takes as known: service times and arrivals are random around their means, and a
     * declared throughput may be somewhat optimistic (up to about 1 / 0.85 - 1 = 18% before the
     * plan itself runs past the target).
     */
    static final double PLAN_FRACTION = 0.85;

    private LatencyMode() {
    }

    /** The stage, the workings behind it and the bursts seen so far. */
    record Result(Stage stage, LatencyEstimates estimates, BurstRhythm rhythm) {
    }

    static Result recommend(ScalingPolicy policy, Observation observation, Workload workload, Throughput throughput,
                            Supply supply, BurstRhythm seen) {
        Instant now = observation.time();
        double perInstance = throughput.perInstance();
        double reaction = supply.warmupSeconds() + policy.evaluationIntervalSeconds();
        double sustained = workload.totalSustainedRate();
        int keepUp = Numbers.floor(sustained / perInstance);
        double bursts = 0;
        for (int i = 0; i < policy.queues().size(); i++) {
            if (burstWindow(policy, policy.queues().get(i)) > 0) {
                bursts += workload.queues().get(i).burstRate();
            }
        }
        double burstLead = reaction + policy.evaluationIntervalSeconds();
        BurstRhythm rhythm = seen.observe(now, bursts,
                Numbers.ceil(bursts / perInstance) > Math.max(1, Numbers.ceil(sustained / perInstance)), burstLead);
        BurstRhythm.Keep kept = rhythm.keep(now, supply.warmupSeconds(), burstLead, supply.current() > keepUp);
        String why;
        int burstNeed;
        if (kept.rate() > bursts) {
            bursts = kept.rate();
            burstNeed = Numbers.ceil(bursts / perInstance);
            why = kept(kept, bursts, burstNeed, throughput);
        } else {
            burstNeed = Numbers.ceil(bursts / perInstance);
            why = bursts(bursts, burstNeed, throughput);
        }
        if (burstNeed <= keepUp) {
            why = keepingUp(sustained, keepUp, throughput);
        }

        DeadlinePlan deadlines = new DeadlinePlan(supply, Math.max(policy.target().maxCapacity(), supply.current()), reaction);
        int need = Math.max(keepUp, burstNeed);
        Optional<Late> firstLate = Optional.empty();
        double aheadWork = 0;
        double aheadRate = 0;
        double oldest = 0;
        List<QueueEstimate> queues = new ArrayList<>();
        for (int i = 0; i < policy.queues().size(); i++) {
            QueueSpec spec = policy.queues().get(i);
            QueueFlow flow = workload.queues().get(i);
            int queueNeed = deadlines.leastCapacity(flow, plan(spec), spec.targetWaitSeconds(), aheadWork, aheadRate, now);
            double age = age(flow, now);
            oldest = Math.max(oldest, age);
            aheadWork += flow.waiting();
            aheadRate += flow.fastRate();
            Late late = Late.of(spec, age, flow, supply, perInstance, policy.evaluationIntervalSeconds(),
                    deadlines.unreachable(), policy.target().maxCapacity());
            queueNeed = Math.max(queueNeed, late.need());
            late = late.needing(queueNeed);
            queues.add(new QueueEstimate(spec.name(), flow.waiting(), Numbers.round(age), Numbers.round(flow.fastRate()),
                    queueNeed));
            if (late.isLate() && firstLate.isEmpty()) {
                firstLate = Optional.of(late);
            }
            if (queueNeed > need) {
                need = queueNeed;
                why = late.isLate() ? late.describe(throughput)
                        : backlog(policy, (long) aheadWork, oldest, aheadRate, queueNeed, throughput, spec);
            }
        }
        int landing = supply.serving() + supply.booting();
        if (supply.booting() > 0 && need < landing) {
            why = booting(need, supply, throughput);
            need = landing;
        }
        // The highest-priority late queue leads the reason, whichever need is the largest.
        if (firstLate.isPresent()) {
            String lead = firstLate.get().describe(throughput);
            why = why.equals(lead) ? lead : lead + "; overall " + why;
        }
        String fleet = supply.serving() + " in service, " + supply.pending() + " pending, warmup "
                + Numbers.fmt(supply.warmupSeconds()) + " s";
        LatencyEstimates estimates = new LatencyEstimates(Numbers.round(perInstance), throughput.source().name(),
                throughput.observations(), Numbers.round(sustained), keepUp, Numbers.round(bursts), burstNeed, queues);
        return new Result(new Stage("latency", need, Reason.LATENCY_TARGET, why + " (" + fleet + ")"), estimates, rhythm);
    }

    /** What the workload estimator needs of each queue's plan, in the policy's queue order. */
    static List<Horizon> horizons(ScalingPolicy policy) {
        return policy.queues().stream().map(spec -> new Horizon(plan(spec), burstWindow(policy, spec))).toList();
    }

    /**
     * How long the oldest waiting message has waited, as the arrival marks date it: the depths
     * date nothing, the marks estimate when the waiting messages arrived.
     */
    static double age(QueueFlow flow, Instant now) {
        return flow.waiting() == 0 ? 0 : Numbers.seconds(flow.oldestWaitingArrival(), now);
    }

    /** How long after its arrival a message has to start, as planned. */
    static double plan(QueueSpec spec) {
        return spec.targetWaitSeconds() * PLAN_FRACTION;
    }

    /**
     * The span of a burst's first arrivals that running capacity must start alone: capacity for a
     * message is ordered at the latest by the second evaluation after it arrives (the first may
     * see too little of a burst that just began) and lands a warmup later, so messages whose plan
     * ends sooner than warmup + 2 intervals cannot wait for it. Zero or less: none.
     */
    static double burstWindow(ScalingPolicy policy, QueueSpec spec) {
        return policy.workers().warmupSeconds() + 2.0 * policy.evaluationIntervalSeconds() - plan(spec);
    }

    private static String keepingUp(double sustained, int need, Throughput throughput) {
        return String.format(Locale.ROOT, "keeping up with a sustained %.2f msg/s needs %s at %s", sustained,
                Numbers.plural(need, "whole instance"), throughput.describe());
    }

    private static String bursts(double rate, int need, Throughput throughput) {
        return String.format(Locale.ROOT,
                "absorbing bursts like the recent ones before new instances land takes %.2f msg/s: needs %d at %s",
                rate, need, throughput.describe());
    }

    private static String kept(BurstRhythm.Keep kept, double rate, int need, Throughput throughput) {
        return String.format(Locale.ROOT, "%s %d for bursts of %.2f msg/s at %s", kept.why(), need, rate,
                throughput.describe());
    }

    private static String booting(int need, Supply supply, Throughput throughput) {
        return String.format(Locale.ROOT,
                "needs %d at %s, but keeping %d still booting until they land: cancelling saves at most the rest of a %s s warmup, and a need that returns would wait a whole warmup again",
                need, throughput.describe(), supply.booting(), Numbers.fmt(supply.warmupSeconds()));
    }

    private static String backlog(ScalingPolicy policy, long waiting, double oldest, double arriving, int need,
                                  Throughput throughput, QueueSpec binding) {
        int queues = policy.queues().size();
        return String.format(Locale.ROOT,
                "backlog %d over %d queue%s (oldest %.0f s), %.2f msg/s arriving: needs %d at %s to start %s within %s s (%.0f%% of its %d s target)",
                waiting, queues, queues == 1 ? "" : "s", oldest, arriving, need, throughput.describe(), binding.name(),
                Numbers.fmt(plan(binding)), PLAN_FRACTION * 100, binding.targetWaitSeconds());
    }
}
