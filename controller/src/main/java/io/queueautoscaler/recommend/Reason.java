package io.queueautoscaler.recommend;

/**
 * Why a stage of the recommendation produced the number it did. Each stage names one; the
 * decision's reason is the last stage that changed the number (or the mode's own reason when
 * none did).
 */
public enum Reason {
    /** backlogPerInstance mode: ceil(backlog / target). */
    BACKLOG_PER_INSTANCE,
    /** latency mode: capacity to start every queue's backlog within its target wait. */
    LATENCY_TARGET,
    /** step mode: a scale-out step matched. */
    STEP_SCALE_OUT,
    /** step mode: a scale-in step matched. */
    STEP_SCALE_IN,
    /** step mode: no step matched, capacity stays. */
    STEP_NO_MATCH,
    /** The ratio to current capacity is within tolerance: keep current. */
    WITHIN_TOLERANCE,
    /** At zero, backlog has not yet reached activationBacklog on enough consecutive observations. */
    ACTIVATION_PENDING,
    /** Messages still in flight keep at least one instance alive. */
    IN_FLIGHT_KEEPS_ALIVE,
    /** Scale-up stabilization window: the lowest recommendation in the window. */
    SCALE_UP_STABILIZED,
    /** Scale-down stabilization window: the highest recommendation in the window. */
    SCALE_DOWN_STABILIZED,
    /** A scale-up rate policy limited the change. */
    SCALE_UP_LIMIT,
    /** A scale-down rate policy limited the change. */
    SCALE_DOWN_LIMIT,
    /** selectPolicy Disabled forbids this direction. */
    SCALING_DISABLED,
    /** Raised to minCapacity. */
    BELOW_MIN,
    /** Lowered to maxCapacity. */
    ABOVE_MAX,
    /** Raised to the number of instances holding live protection leases. */
    LEASE_FLOOR,
    /** Queue depth unreadable: hold current capacity, never scale in blind. */
    METRICS_FAILED_HOLD,
    /** Queue depth unreadable for afterFailures evaluations: go to fallbackCapacity. */
    METRICS_FAILED_FALLBACK,
    /** The Auto Scaling Group could not be described: nothing decided. */
    FLEET_UNAVAILABLE,
    /** The Auto Scaling Group's own MinSize or MaxSize is tighter than the policy's bounds. */
    GROUP_BOUNDS,
    /** The evaluation itself failed (a defect): capacity held, the error recorded. */
    EVALUATION_FAILED,
    /** An operator paused the policy: capacity held where it is, the recommendation recorded. */
    PAUSED,
    /** An operator holds the group at a fixed capacity: the recommendation recorded, not followed. */
    OVERRIDDEN
}
