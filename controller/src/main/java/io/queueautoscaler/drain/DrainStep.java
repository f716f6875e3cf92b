package io.queueautoscaler.drain;

/** What the drain does for a waiting instance at one tick. */
public enum DrainStep {
    /** Its leases are live and its heartbeat is not due, or it was let go already. */
    NOTHING,
    /** Its leases are live: restart the hook's heartbeat timeout. */
    HEARTBEAT,
    /** No live lease is left: CONTINUE, the termination proceeds. */
    COMPLETE_IDLE,
    /** The hook's global timeout is near: CONTINUE now rather than leave it to the timeout. */
    COMPLETE_AT_DEADLINE
}
