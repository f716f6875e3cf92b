package io.queueautoscaler.sim;

import io.queueautoscaler.history.DecisionLog;
import io.queueautoscaler.metrics.QueueMetrics;
import io.queueautoscaler.policy.MetricsSpec;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.recommend.Recommender;
import io.queueautoscaler.reconcile.Reconciler;
import java.util.Objects;
import java.util.function.Function;

/**
 * Adapts the daemon's decision loop to the simulator: the real {@link Reconciler} and
 * {@link Recommender} evaluating the policy every evaluationIntervalSeconds against the simulated
 * queues and group. Nothing of the algorithm is copied here; workers lease each message they serve, as the
 * protection protocol has them do. Its runs are named {@value #NAME}, the product's name.
 */
public final class ReconcilerAlgorithm implements Algorithm {
    static final String NAME = "queue-autoscaler";

    private final ScalingPolicy policy;
    private final DecisionLog log;

    public ReconcilerAlgorithm(ScalingPolicy policy, DecisionLog log) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Autoscaler start(SimWorld world) {
        if (!world.fleet().groupName().equals(policy.autoScalingGroupName())) {
            throw new IllegalArgumentException("the simulated group is " + world.fleet().groupName()
                    + " but policy " + policy.name() + " sizes " + policy.autoScalingGroupName());
        }
        QueueMetrics sqs = SimQueueMetrics.sqs(policy.queueUrls(), world.cluster());
        QueueMetrics cloudWatch = SimQueueMetrics.cloudWatch(policy.queueUrls(), world.cluster(), world.cloudWatch(), world.clock());
        Function<MetricsSpec.Source, QueueMetrics> sources = source -> source == MetricsSpec.Source.sqs ? sqs : cloudWatch;
        Reconciler reconciler = new Reconciler(sources, world.fleet(), log, new SimLeases(world.fleet(), world.cluster()),
                new Recommender(), world.clock());
        return new Autoscaler() {
            @Override
            public int intervalSeconds() {
                return policy.evaluationIntervalSeconds();
            }

            @Override
            public void evaluate(long second) {
                reconciler.reconcile(policy);
            }
        };
    }
}
