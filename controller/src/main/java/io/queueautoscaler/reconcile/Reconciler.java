package io.queueautoscaler.reconcile;

import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.GroupState;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionInputs;
import io.queueautoscaler.history.DecisionLog;
import io.queueautoscaler.history.Failure;
import io.queueautoscaler.history.Outcome;
import io.queueautoscaler.intervention.PolicyHold;
import io.queueautoscaler.lease.LeaseView;
import io.queueautoscaler.metrics.MetricsUnavailableException;
import io.queueautoscaler.metrics.QueueMetrics;
import io.queueautoscaler.policy.MetricsSpec;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Evaluation;
import io.queueautoscaler.recommend.FleetSnapshot;
import io.queueautoscaler.recommend.LeasedTasks;
import io.queueautoscaler.recommend.Observation;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.recommend.Recommendation;
import io.queueautoscaler.recommend.Recommender;
import io.queueautoscaler.recommend.Stage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private final PolicyMemories memories;

    public Reconciler(Function<MetricsSpec.Source, QueueMetrics> metrics, Fleet fleet, DecisionLog log,
                      LeaseView leases, Recommender recommender, Clock clock) {
        this(metrics, fleet, log, leases, recommender, clock, (policy, now) -> PolicyHold.NONE);
    }

    /** {@code holds} tells the operators' pause or override in force for a policy at a time. */
    public Reconciler(Function<MetricsSpec.Source, QueueMetrics> metrics, Fleet fleet, DecisionLog log,
                      LeaseView leases, Recommender recommender, Clock clock,
                      BiFunction<String, Instant, PolicyHold> holds) {
        this(metrics, fleet, log, leases, recommender, clock, holds, new LocalPolicyMemories());
    }

    /** {@code memories} keeps what each evaluation learned for the next one, on this node or another. */
    public Reconciler(Function<MetricsSpec.Source, QueueMetrics> metrics, Fleet fleet, DecisionLog log,
                      LeaseView leases, Recommender recommender, Clock clock,
                      BiFunction<String, Instant, PolicyHold> holds, PolicyMemories memories) {
        this.memories = memories;
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
        GroupState group;
        try {
            group = fleet.describe(List.of(policy.autoScalingGroupName())).get(policy.autoScalingGroupName());
            if (group == null) {
                holdPlace(policy, now);
                return record(unobservable(policy, now, "Auto Scaling Group "
                        + policy.autoScalingGroupName() + " does not exist"));
            }
        } catch (RuntimeException e) {
            holdPlace(policy, now);
            return record(unobservable(policy, now, "cannot describe Auto Scaling Group "
                    + policy.autoScalingGroupName() + ": " + e.getMessage()));
        }
        DecisionInputs inputs = DecisionInputs.NONE;
        try {
            FleetSnapshot snapshot = new FleetSnapshot(group.desiredCapacity(), (int) group.inService(),
                    leases.leasedInstances(policy.autoScalingGroupName()).size(), group.minSize(), group.maxSize());
            Observation observation = observe(policy, now, snapshot,
                    leases.takeReleasedTasks(policy.autoScalingGroupName()));
            inputs = new DecisionInputs(Optional.of(snapshot), observation.queues(),
                    observation.metricFailure().map(why -> new Failure(Failure.Kind.METRICS, why)), Optional.empty());
            Recommendation held = OperatorHold.apply(holds.apply(policy.name(), now), evaluate(policy, observation), policy, group);
            return record(act(policy, now, held, group, inputs));
        } catch (RuntimeException e) {
            // The decision's own line says the cause; the stack trace is for whoever turns DEBUG on.
            LOG.debug("evaluating policy {} failed; holding capacity", policy.name(), e);
            holdPlace(policy, now);
            return record(evaluationFailed(policy, now, group, inputs, e));
        }
    }

    /** Keeps what was learned about the named policies only, e.g. after a reload removed some. */
    public void retain(Set<String> policyNames) {
        try {
            memories.retain(policyNames);
        } catch (RuntimeException e) {
            LOG.warn("could not forget the memories of removed policies (they are forgotten at the next reload): {}",
                    e.toString());
        }
    }

    /** The memory is kept before anything is acted on: a recommendation holds its place in the window even if the call fails. */
    private Recommendation evaluate(ScalingPolicy policy, Observation observation) {
        Evaluation evaluation = recommender.evaluate(policy, observation, memories.recall(policy));
        memories.keep(policy, evaluation.memory());
        return evaluation.recommendation();
    }

    /**
     * An evaluation that observed nothing still keeps the recommendation in force in its window.
     * Never throws: when the memory cannot be read or kept the decision still records the failure.
     */
    private void holdPlace(ScalingPolicy policy, Instant now) {
        try {
            memories.keep(policy, recommender.unobserved(policy, now, memories.recall(policy)));
        } catch (RuntimeException e) {
            LOG.warn("policy {}: the failed evaluation could not hold its place in the stabilization window: {}",
                    policy.name(), e.toString());
        }
    }

    private Observation observe(ScalingPolicy policy, Instant now, FleetSnapshot snapshot, LeasedTasks tasks) {
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
            return Observation.of(now, snapshot, ordered, tasks);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Observation.metricsFailed(now, snapshot, why);
        }
    }

    private Decision act(ScalingPolicy policy, Instant now, Recommendation rec, GroupState group, DecisionInputs observed) {
        DecisionInputs inputs = new DecisionInputs(observed.fleet(), observed.queues(), observed.failure(), rec.estimates());
        int desired = rec.desiredCapacity();
        Outcome outcome;
        String message = rec.message();
        if (rec.heldBlind()) {
            outcome = Outcome.FAILED;
        } else if (desired == group.desiredCapacity()) {
            outcome = Outcome.UNCHANGED;
        } else if (policy.dryRun()) {
            outcome = Outcome.DRY_RUN;
        } else {
            try {
                CapacityChange.apply(fleet, policy, group, leases, desired);
                outcome = Outcome.APPLIED;
            } catch (RuntimeException e) {
                outcome = Outcome.ACT_FAILED;
                message = "not applied (" + e.getMessage() + "): " + message;
            }
        }
        return new Decision(0, policy.name(), now, rec.currentCapacity(), rec.recommendedCapacity(), desired,
                rec.action(), outcome, rec.reason(), message, policy.dryRun(), inputs, rec.stages());
    }

    private Decision evaluationFailed(ScalingPolicy policy, Instant now, GroupState group, DecisionInputs inputs,
                                      RuntimeException e) {
        String why = "evaluation failed, holding " + group.desiredCapacity() + ": " + e;
        Stage stage = new Stage("evaluate", group.desiredCapacity(), Reason.EVALUATION_FAILED, why);
        return new Decision(0, policy.name(), now, group.desiredCapacity(), group.desiredCapacity(),
                group.desiredCapacity(), Action.NONE, Outcome.FAILED, Reason.EVALUATION_FAILED, why,
                policy.dryRun(), inputs.failed(new Failure(Failure.Kind.EVALUATION, e.toString())), List.of(stage));
    }

    /** Without the group nothing is known of its capacity: the decision says unknown, not 0, and has no stage. */
    private Decision unobservable(ScalingPolicy policy, Instant now, String why) {
        return Decision.capacityUnknown(policy.name(), now, Reason.FLEET_UNAVAILABLE, "no decision: " + why,
                policy.dryRun(), DecisionInputs.NONE.failed(new Failure(Failure.Kind.FLEET, why)));
    }

    /** Never throws: a decision the store cannot keep is still returned, and the store's own log says so. */
    private Decision record(Decision decision) {
        try {
            return log.append(decision);
        } catch (RuntimeException e) {
            LOG.error("could not record decision for policy {}: {}", decision.policy(), e.toString());
            return decision;
        }
    }
}
