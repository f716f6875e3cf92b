package io.queueautoscaler.sim;

import io.queueautoscaler.policy.Behavior;
import io.queueautoscaler.policy.MetricsSpec;
import io.queueautoscaler.policy.OnMetricFailure;
import io.queueautoscaler.policy.Protection;
import io.queueautoscaler.policy.QueueSpec;
import io.queueautoscaler.policy.ScaleInMode;
import io.queueautoscaler.policy.Scaling;
import io.queueautoscaler.policy.ScalingMode;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.Target;
import io.queueautoscaler.policy.Workers;
import java.util.List;

/** Policies built from the records' constructors, as the parser would build them. */
final class Policies {
    static final String QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs";

    /** Lets capacity follow the recommendation at once in both directions, with no tolerance band. */
    static final Behavior IMMEDIATE = new Behavior(
            new Behavior.Rules(0, Behavior.SelectPolicy.Max, List.of(new Behavior.RatePolicy(Behavior.RatePolicy.Type.Instances, 1000, 1)), 0),
            new Behavior.Rules(0, Behavior.SelectPolicy.Max, List.of(new Behavior.RatePolicy(Behavior.RatePolicy.Type.Percent, 100, 1)), 0));

    private Policies() {
    }

    static ScalingPolicy backlogPerInstance(Target target, double perInstance, int concurrency, int intervalSeconds,
                                            Behavior behavior) {
        return new ScalingPolicy("jobs", target, List.of(new QueueSpec(QUEUE_URL, 60)), new Workers(concurrency, 0, 0),
                new Scaling(ScalingMode.backlogPerInstance, perInstance, Scaling.Steps.DEFAULT, 1, 1), behavior,
                MetricsSpec.DEFAULT, intervalSeconds, OnMetricFailure.DEFAULT, Protection.DEFAULT, ScaleInMode.setDesired, false);
    }

    static ScalingPolicy latency(Target target, int targetWaitSeconds, int concurrency, int warmupSeconds) {
        return new ScalingPolicy("jobs", target, List.of(new QueueSpec(QUEUE_URL, targetWaitSeconds)),
                new Workers(concurrency, 0, warmupSeconds), new Scaling(ScalingMode.latency,
                Scaling.DEFAULT_TARGET_BACKLOG_PER_INSTANCE, Scaling.Steps.DEFAULT, 1, 1), Behavior.DEFAULT,
                MetricsSpec.DEFAULT, 15, OnMetricFailure.DEFAULT, Protection.DEFAULT, ScaleInMode.setDesired, false);
    }
}
