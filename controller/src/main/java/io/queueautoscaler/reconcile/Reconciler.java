package io.queueautoscaler.reconcile;

import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.GroupState;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionLog;
import io.queueautoscaler.history.Outcome;
import io.queueautoscaler.intervention.PolicyHold;
import io.queueautoscaler.lease.LeaseView;
import io.queueautoscaler.metrics.MetricsUnavailableException;
import io.queueautoscaler.metrics.QueueMetrics;
import io.queueautoscaler.policy.Action;
import io.queueautoscaler.policy.Evaluation;
import io.queueautoscaler.policy.FleetSnapshot;
import io.queueautoscaler.policy.MetricsSpec;
import io.queueautoscaler.policy.Observation;
import io.queueautoscaler.policy.PolicyMemory;
import io.queueautoscaler.policy.QueueDepth;
import io.queueautoscaler.policy.Reason;
import io.queueautoscaler.policy.Recommendation;
import io.queueautoscaler.policy.Recommender;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.Stage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that joins observe, decide, act and record. One call evaluates one policy once:
 * it never throws, and every call leaves exactly one decision in the log.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Function<MetricsSpec.Source, QueueMetrics> metrics;
    private final Fleet fleet;
    private final DecisionLog log;
    private final LeaseView leases;
    private final Recommender recommender;
    private final Clock clock;
    private final BiFunction<String, Instant, PolicyHold> holds;
    /** What was learned per policy, with the spec it was learned under: a changed spec starts afresh. */
    private final Map<String, Remembered> memories = new ConcurrentHashMap<>();

    private record Remembered(ScalingPolicy policy, PolicyMemory memory) {
    }

    public Reconciler(Function<MetricsSpec.Source, QueueMetrics> metrics, Fleet fleet, DecisionLog log,
                      LeaseView leases, Recommender recommender, Clock clock) {
        this(metrics, fleet, log, leases, recommender, clock, (policy, now) -> PolicyHold.NONE);
    }

    /** {@code holds} tells the operators' pause or override in force for a policy at a time. */
    public Reconciler(Function<MetricsSpec.Source, QueueMetrics> metrics, Fleet fleet, DecisionLog log,
                      LeaseView leases, Recommender recommender, Clock clock,
                      BiFunction<String, Instant, PolicyHold> holds) {
        this.holds = holds;
        this.metrics = metrics;
        this.fleet = fleet;
        this.log = log;
        this.leases = leases;
        this.recommender = recommender;
        this.clock = clock;
    }

    public Decision reconcile(ScalingPolicy policy) {
        Instant now = clock.instant();
        Map<String, Object> inputs = new LinkedHashMap<>();
        GroupState group;
        try {
            group = fleet.describe(List.of(policy.autoScalingGroupName())).get(policy.autoScalingGroupName());
            if (group == null) {
                return record(unobservable(policy, now, inputs, "Auto Scaling Group "
                        + policy.autoScalingGroupName() + " does not exist"));
            }
        } catch (RuntimeException e) {
            return record(unobservable(policy, now, inputs, "cannot describe Auto Scaling Group "
                    + policy.autoScalingGroupName() + ": " + e.getMessage()));
        }
        try {
            return record(decide(policy, now, group, inputs));
        } catch (RuntimeException e) {
            LOG.error("evaluating policy {} failed; holding capacity", policy.name(), e);
            return record(evaluationFailed(policy, now, group, inputs, e));
        }
    }

    /** Keeps what was learned about the named policies only, e.g. after a reload removed some. */
    public void retain(Set<String> policyNames) {
        memories.keySet().retainAll(policyNames);
    }

    private Decision decide(ScalingPolicy policy, Instant now, GroupState group, Map<String, Object> inputs) {
        Set<String> leased = leases.leasedInstances(policy.autoScalingGroupName());
        FleetSnapshot snapshot = new FleetSnapshot(group.desiredCapacity(), (int) group.inService(),
                (int) group.booting(), leased.size());
        inputs.put("fleet", snapshot);
        Observation observation = observe(policy, now, snapshot, inputs);

        Remembered remembered = memories.get(policy.name());
        PolicyMemory memory = remembered != null && remembered.policy().equals(policy) ? remembered.memory() : PolicyMemory.EMPTY;
        Evaluation evaluation = recommender.evaluate(policy, observation, memory);
        memories.put(policy.name(), new Remembered(policy, evaluation.memory()));
        Recommendation rec = evaluation.recommendation();
        inputs.putAll(rec.estimates());
        Recommendation held = OperatorHold.apply(holds.apply(policy.name(), now), withinGroupBounds(rec, group), policy, group);
        return act(policy, now, held, group, inputs);
    }

    /**
     * Auto Scaling refuses a desired capacity outside the group's own MinSize..MaxSize, so a
     * policy whose bounds are wider would fail on every evaluation: clamp to the group and say
     * which setting to fix.
     */
    private static Recommendation withinGroupBounds(Recommendation rec, GroupState group) {
        int desired = rec.desiredCapacity();
        int clamped = Math.max(group.minSize(), Math.min(group.maxSize(), desired));
        if (clamped == desired) {
            return rec;
        }
        String detail = "Auto Scaling Group " + group.name() + " allows [" + group.minSize() + ", " + group.maxSize()
                + "], so " + desired + " becomes " + clamped + "; align the group's MinSize/MaxSize with the policy's bounds";
        List<Stage> stages = new ArrayList<>(rec.stages());
        stages.add(new Stage("groupBounds", clamped, Reason.GROUP_BOUNDS, detail));
        String message = Action.between(rec.currentCapacity(), clamped).describe(rec.currentCapacity(), clamped)
                + ": " + detail + " (the policy wanted: " + rec.message() + ")";
        return new Recommendation(rec.currentCapacity(), rec.recommendedCapacity(), clamped, Reason.GROUP_BOUNDS,
                message, stages, rec.estimates());
    }

    private Observation observe(ScalingPolicy policy, Instant now, FleetSnapshot snapshot, Map<String, Object> inputs) {
        try {
            Map<String, QueueDepth> depths = metrics.apply(policy.metrics().source()).read(policy.queueUrls());
            List<QueueDepth> ordered = new ArrayList<>();
            for (String url : policy.queueUrls()) {
                QueueDepth depth = depths.get(url);
                if (depth == null) {
                    throw new MetricsUnavailableException("no depth returned for queue " + url);
                }
                ordered.add(depth);
            }
            inputs.put("queues", ordered);
            return Observation.of(now, snapshot, ordered);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            inputs.put("metricFailure", why);
            return Observation.metricsFailed(now, snapshot, why);
        }
    }

    private Decision act(ScalingPolicy policy, Instant now, Recommendation rec, GroupState group,
                         Map<String, Object> inputs) {
        Action action = rec.action();
        int desired = rec.desiredCapacity();
        Outcome outcome;
        String message = rec.message();
        if (action == Action.FAILED) {
            outcome = Outcome.FAILED;
        } else if (desired == group.desiredCapacity()) {
            outcome = Outcome.UNCHANGED;
        } else if (policy.dryRun()) {
            outcome = Outcome.DRY_RUN;
        } else {
            try {
                ScaleIn.apply(fleet, policy, group, leases, desired);
                outcome = Outcome.APPLIED;
            } catch (RuntimeException e) {
                outcome = Outcome.ACT_FAILED;
                message = message + " (not applied: " + e.getMessage() + ")";
            }
        }
        return new Decision(0, policy.name(), now, rec.currentCapacity(), rec.recommendedCapacity(), desired,
                action, outcome, rec.reason(), message, policy.dryRun(), inputs, rec.stages());
    }

    private Decision evaluationFailed(ScalingPolicy policy, Instant now, GroupState group, Map<String, Object> inputs,
                                      RuntimeException e) {
        String why = "evaluation failed, holding " + group.desiredCapacity() + ": " + e;
        inputs.put("evaluationFailure", e.toString());
        Stage stage = new Stage("evaluate", group.desiredCapacity(), Reason.EVALUATION_FAILED, why);
        return new Decision(0, policy.name(), now, group.desiredCapacity(), group.desiredCapacity(),
                group.desiredCapacity(), Action.FAILED, Outcome.FAILED, Reason.EVALUATION_FAILED, why,
                policy.dryRun(), inputs, List.of(stage));
    }

    private Decision unobservable(ScalingPolicy policy, Instant now, Map<String, Object> inputs, String why) {
        inputs.put("fleetFailure", why);
        Stage stage = new Stage("observe", 0, Reason.FLEET_UNAVAILABLE, why);
        return new Decision(0, policy.name(), now, 0, 0, 0, Action.FAILED, Outcome.FAILED,
                Reason.FLEET_UNAVAILABLE, "no decision: " + why, policy.dryRun(), inputs, List.of(stage));
    }

    private Decision record(Decision decision) {
        String line = "policy={} action={} outcome={} current={} desired={} reason={}: {}";
        if (decision.outcome() == Outcome.FAILED || decision.outcome() == Outcome.ACT_FAILED) {
            LOG.warn(line, decision.policy(), decision.action(), decision.outcome(), decision.currentCapacity(),
                    decision.desiredCapacity(), decision.reason(), decision.message());
        } else {
            LOG.info(line, decision.policy(), decision.action(), decision.outcome(), decision.currentCapacity(),
                    decision.desiredCapacity(), decision.reason(), decision.message());
        }
        try {
            return log.append(decision);
        } catch (RuntimeException e) {
            LOG.error("could not record decision for policy {}: {}", decision.policy(), e.toString());
            return decision;
        }
    }
}
