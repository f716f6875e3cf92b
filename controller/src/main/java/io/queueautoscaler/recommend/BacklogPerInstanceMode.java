package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.ScalingPolicy;

/** backlogPerInstance mode, the formula of AWS target tracking and KEDA: ceil(backlog / target). */
final class BacklogPerInstanceMode {
    private BacklogPerInstanceMode() {
    }

    static Stage recommend(ScalingPolicy policy, Observation observation) {
        long backlog = observation.backlog(policy.metrics());
        double target = policy.scaling().targetBacklogPerInstance();
        int need = Numbers.ceil(backlog / target);
        int queues = policy.queues().size();
        return new Stage("backlogPerInstance", need, Reason.BACKLOG_PER_INSTANCE,
                "backlog " + backlog + " over " + queues + (queues == 1 ? " queue" : " queues") + " needs " + need
                        + " at " + Numbers.fmt(target) + " messages per instance");
    }
}
