package io.queueautoscaler.testing;

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

/** Policies for tests, built from the records with the documented defaults. */
public final class Policies {
    public static final String QUEUE = "http://localhost:9324/000000000000/jobs";

    private Policies() {
    }

    /** backlogPerInstance 10, bounds [min, max], one queue; no stabilization, tolerance or rate limit to hide the arithmetic. */
    public static ScalingPolicy backlog(String name, String group, int min, int max, boolean dryRun, ScaleInMode scaleIn) {
        List<Behavior.RatePolicy> unlimited = List.of(new Behavior.RatePolicy(Behavior.RatePolicy.Type.Percent, 1000, 15));
        Behavior immediate = new Behavior(
                new Behavior.Rules(0, Behavior.SelectPolicy.Max, unlimited, 0),
                new Behavior.Rules(0, Behavior.SelectPolicy.Max, unlimited, 0));
        return new ScalingPolicy(name, new Target(group, min, max), List.of(new QueueSpec(QUEUE, 60)),
                Workers.DEFAULT, new Scaling(ScalingMode.backlogPerInstance, 10, Scaling.Steps.DEFAULT, 1, 1),
                immediate, MetricsSpec.DEFAULT, 15, OnMetricFailure.DEFAULT, Protection.DEFAULT, scaleIn, dryRun);
    }

    public static ScalingPolicy backlog(String name, String group, int min, int max) {
        return backlog(name, group, min, max, false, ScaleInMode.setDesired);
    }
}
