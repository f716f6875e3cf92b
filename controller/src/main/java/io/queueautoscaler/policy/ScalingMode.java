package io.queueautoscaler.policy;

/** How a policy turns queue depth into a raw capacity recommendation. */
public enum ScalingMode {
    /** Size so every queue's backlog starts within its targetWaitSeconds, highest priority first. */
    latency,
    /** AWS target tracking and KEDA's formula: ceil(backlog / targetBacklogPerInstance). */
    backlogPerInstance,
    /** Step adjustments on backlog thresholds, like CloudWatch alarms with step policies. */
    step
}
