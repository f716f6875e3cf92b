package io.queueautoscaler.policy;

/** How capacity is removed. */
public enum ScaleInMode {
    /** Lower desired capacity and let Auto Scaling pick which unprotected instance goes. */
    setDesired,
    /** Terminate chosen idle (unleased) instances, decrementing desired capacity. */
    terminateIdle
}
