package io.queueautoscaler.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 *   <li>{@link Bounds}, then {@link LeaseFloor}.
 * </ol>
 *
 * Without queue depths, {@link MetricFailure} replaces the mode and everything up to the bounds.
 */
public final class Recommender {

    public Evaluation evaluate(ScalingPolicy policy, Observation observation, PolicyMemory memory) {
        Instant now = observation.time();
        FleetSnapshot fleet = observation.fleet();
        int current = fleet.desired();
        List<ScaleEvent> events = memory.eventsSeenAt(now, current, eventMemory(policy));
        Optional<TimedCapacity> seen = Optional.of(new TimedCapacity(now, current));
        Optional<String> failure = observation.metricFailure();
        if (failure.isEmpty() && observation.queues().size() != policy.queues().size()) {
            failure = Optional.of("observed " + observation.queues().size() + " queues, the policy has "
                    + policy.queues().size());
        }
        if (failure.isPresent()) {
            int failures = memory.consecutiveFailures() + 1;
            StageTrail trail = new StageTrail(MetricFailure.decide(policy.onMetricFailure(), current, failures, failure.get()));
            trail.then(Bounds.apply(policy.target(), trail.capacity()));
            trail.then(LeaseFloor.apply(policy.target(), fleet, trail.capacity()));
            return new Evaluation(recommendation(current, trail, Map.of()),
                    new PolicyMemory(failures, 0, seen, memory.recommendations(), events, memory.workload()));
        }

        Throughput before = WorkloadEstimator.throughput(policy, memory.workload(), now);
        Workload workload = WorkloadEstimator.observe(memory.workload(), policy, observation, before);
        Throughput throughput = WorkloadEstimator.throughput(policy, workload, now);
        Map<String, Object> estimates = new LinkedHashMap<>();
        estimates.put("backlog", observation.backlog(policy.metrics()));
        estimates.put("throughputPerInstance", LatencyMode.round(throughput.perInstance()));
        estimates.put("throughputSource", throughput.source().name());
        estimates.put("throughputObservations", throughput.observations());
        Stage mode = switch (policy.scaling().mode()) {
            case latency -> LatencyMode.recommend(policy, observation, workload, throughput,
                    Supply.of(policy, fleet, events, now, throughput.perInstance()), estimates);
            case backlogPerInstance -> BacklogPerInstanceMode.recommend(policy, observation);
            case step -> StepMode.recommend(policy, observation, current);
        };

        StageTrail trail = new StageTrail(mode);
        Activation.Result activation = Activation.apply(policy, observation, current, trail.capacity(), memory.activationStreak());
        trail.then(activation.stage());
        if (policy.scaling().mode() != ScalingMode.step) {
            trail.then(Tolerance.apply(policy.behavior(), current, trail.capacity()));
        }
        int stabilizing = trail.capacity();
        List<TimedCapacity> history = Stabilization.initialized(memory.recommendations(), current, now);
        trail.then(Stabilization.apply(policy.behavior(), current, stabilizing, history, now));
        trail.then(RateLimit.apply(policy.behavior(), current, trail.capacity(), events, now));
        trail.then(Bounds.apply(policy.target(), trail.capacity()));
        trail.then(LeaseFloor.apply(policy.target(), fleet, trail.capacity()));
        List<TimedCapacity> recommendations =
                Stabilization.remember(policy.behavior(), history, stabilizing, now);
        return new Evaluation(recommendation(current, trail, estimates),
                new PolicyMemory(0, activation.streak(), seen, recommendations, events, workload));
    }

    private static Recommendation recommendation(int current, StageTrail trail, Map<String, Object> estimates) {
        return new Recommendation(current, trail.first(), trail.capacity(), trail.reason(), trail.message(current),
                trail.stages(), estimates);
    }

    /** Scale events matter to the longest rate-limit period and, to date booting instances, the warmup. */
    private static Duration eventMemory(ScalingPolicy policy) {
        int longest = policy.workers().warmupSeconds();
        for (Behavior.Rules rules : List.of(policy.behavior().scaleUp(), policy.behavior().scaleDown())) {
            for (Behavior.RatePolicy rate : rules.policies()) {
                longest = Math.max(longest, rate.periodSeconds());
            }
        }
        return Duration.ofSeconds(longest);
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
