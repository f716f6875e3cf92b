package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.Behavior;
import io.queueautoscaler.policy.ScalingMode;
import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns one observation into a desired capacity. Pure: no I/O and no clock, the time comes in
 * the observation. The number passes named stages, each recording what it produced and why:
 *
 * <ol>
 *   <li>the mode: {@link LatencyMode}, {@link BacklogPerInstanceMode} or {@link StepMode};
 *   <li>{@link Activation}: from zero only after a steady backlog; never to zero while messages
 *       are in flight;
 *   <li>{@link Tolerance} (proportional modes only: a step is already relative to current);
 *   <li>{@link Stabilization}, then {@link RateLimit}, as the HPA's
 *       normalizeDesiredReplicasWithBehaviors;
 *   <li>{@link Bounds}, then {@link LeaseFloor}, then {@link GroupBounds}.
 * </ol>
 *
 * Without queue depths, {@link MetricFailure} replaces the mode; its fallbackCapacity still
 * passes stabilization and the rate limits, and a hold keeps the recommendation in force in the
 * stabilization window (the HPA keeps its history across failed metric reads).
 * Only latency mode estimates the workload (arrival rates and throughput) it plans with.
 */
public final class Recommender {

    public Evaluation evaluate(ScalingPolicy policy, Observation observation, PolicyMemory memory) {
        Instant now = observation.time();
        FleetSnapshot fleet = observation.fleet();
        int current = fleet.desired();
        int interval = policy.evaluationIntervalSeconds();
        List<ScaleEvent> events = memory.eventsSeenAt(now, current, eventMemory(policy), interval);
        Optional<TimedCapacity> seen = Optional.of(new TimedCapacity(now, current));
        Optional<String> failure = observation.metricFailure();
        if (failure.isEmpty() && observation.queues().size() != policy.queues().size()) {
            failure = Optional.of("observed " + observation.queues().size() + " queues, the policy has "
                    + policy.queues().size());
        }
        if (failure.isPresent()) {
            int failures = memory.consecutiveFailures() + 1;
            List<TimedCapacity> history = Stabilization.initialized(memory.recommendations(), current, now);
            Stage decided = MetricFailure.decide(policy.onMetricFailure(), current, failures, failure.get());
            StageTrail trail = new StageTrail(decided);
            int remembered = Stabilization.inForce(history);
            if (decided.reason() == Reason.METRICS_FAILED_FALLBACK) {
                // ops chose the fallback knowing the metrics could fail, not that the group may drop at once
                trail.then(Stabilization.apply(policy.behavior(), current, decided.capacity(), history, now, interval));
                trail.then(RateLimit.apply(policy.behavior(), current, trail.capacity(), events, now, interval));
                remembered = decided.capacity();
            }
            guardRails(policy, fleet, trail);
            List<TimedCapacity> recommendations = Stabilization.remember(policy.behavior(), history, remembered, now, interval);
            return new Evaluation(recommendation(current, trail, Optional.empty()),
                    new PolicyMemory(failures, 0, seen, recommendations, events, memory.workload(), memory.bursts()));
        }

        Workload workload = memory.workload();
        Optional<LatencyEstimates> latency = Optional.empty();
        BurstRhythm bursts = memory.bursts();
        Stage mode;
        switch (policy.scaling().mode()) {
            case latency -> {
                Throughput before = WorkloadEstimator.throughput(policy, workload, now);
                workload = WorkloadEstimator.observe(workload, policy, observation, before, LatencyMode.horizons(policy));
                Throughput throughput = WorkloadEstimator.throughput(policy, workload, now);
                LatencyMode.Result result = LatencyMode.recommend(policy, observation, workload, throughput,
                        Supply.of(policy, fleet, events, now, throughput.perInstance()), memory.bursts());
                mode = result.stage();
                latency = Optional.of(result.estimates());
                bursts = result.rhythm();
            }
            case backlogPerInstance -> mode = BacklogPerInstanceMode.recommend(policy, observation);
            case step -> mode = StepMode.recommend(policy, observation, current);
            default -> throw new IllegalStateException("unknown scaling mode " + policy.scaling().mode());
        }

        StageTrail trail = new StageTrail(mode);
        Activation.Result activation = Activation.apply(policy, observation, current, trail.capacity(), memory.activationStreak());
        trail.then(activation.stage());
        if (policy.scaling().mode() != ScalingMode.step) {
            trail.then(Tolerance.apply(policy.behavior(), current, trail.capacity()));
        }
        int stabilizing = trail.capacity();
        List<TimedCapacity> history = Stabilization.initialized(memory.recommendations(), current, now);
        trail.then(Stabilization.apply(policy.behavior(), current, stabilizing, history, now, interval));
        trail.then(RateLimit.apply(policy.behavior(), current, trail.capacity(), events, now, interval));
        guardRails(policy, fleet, trail);
        List<TimedCapacity> recommendations =
                Stabilization.remember(policy.behavior(), history, stabilizing, now, interval);
        Estimates estimates = new Estimates(observation.backlog(policy.metrics()), latency);
        return new Evaluation(recommendation(current, trail, Optional.of(estimates)),
                new PolicyMemory(0, activation.streak(), seen, recommendations, events, workload, bursts));
    }

    /**
     * The memory after an evaluation that could not observe the group at all (Auto Scaling
     * unavailable, an answer that makes no sense, a defect): nothing is decided, but the
     * recommendation in force keeps its place in the stabilization window, as a failed metric
     * read's does, so the first good evaluation after an outage longer than the window cannot
     * scale in on a window the outage emptied.
     */
    public PolicyMemory unobserved(ScalingPolicy policy, Instant now, PolicyMemory memory) {
        if (memory.recommendations().isEmpty()) {
            return memory;
        }
        List<TimedCapacity> recommendations = Stabilization.remember(policy.behavior(), memory.recommendations(),
                Stabilization.inForce(memory.recommendations()), now, policy.evaluationIntervalSeconds());
        return new PolicyMemory(memory.consecutiveFailures(), memory.activationStreak(), memory.lastSeen(),
                recommendations, memory.scaleEvents(), memory.workload(), memory.bursts());
    }

    /** The limits every recommendation ends with, blind or not: the policy's bounds, the lease floor, the group's own. */
    private static void guardRails(ScalingPolicy policy, FleetSnapshot fleet, StageTrail trail) {
        trail.then(Bounds.apply(policy.target(), trail.capacity()));
        trail.then(LeaseFloor.apply(policy.target(), fleet, trail.capacity()));
        trail.then(GroupBounds.apply(policy.autoScalingGroupName(), fleet, trail.capacity()));
    }

    private static Recommendation recommendation(int current, StageTrail trail, Optional<Estimates> estimates) {
        return new Recommendation(current, trail.first(), trail.capacity(), trail.reason(), trail.message(current),
                trail.stages(), estimates);
    }

    /** Scale events matter to the longest rate-limit period and, to date booting instances, the warmup. */
    private static int eventMemory(ScalingPolicy policy) {
        int longest = policy.workers().warmupSeconds();
        for (Behavior.Rules rules : List.of(policy.behavior().scaleUp(), policy.behavior().scaleDown())) {
            for (Behavior.RatePolicy rate : rules.policies()) {
                longest = Math.max(longest, rate.periodSeconds());
            }
        }
        return longest;
    }
}
