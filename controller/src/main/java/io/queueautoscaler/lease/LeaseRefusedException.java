package io.queueautoscaler.lease;

import java.util.Objects;

/** A lease request the daemon cannot grant, with what is wrong and what to fix. */
public class LeaseRefusedException extends RuntimeException {

    /** Why: the API answers each with its own status. */
    public enum Refusal {
        /** The instance ID or the body is malformed, or the lease is too long. */
        INVALID,
        /** The worker asked for another instance than its own. */
        NOT_YOUR_INSTANCE,
        /** No Auto Scaling group holds the instance. */
        UNKNOWN_INSTANCE,
        /** The instance cannot be leased: its group is not managed or not protected by policy, or it has left service. */
        CONFLICT,
        /** Not now: AWS or the database cannot answer, or the instance is still joining its group; the worker should retry. */
        UNAVAILABLE
    }

    private final Refusal refusal;

    public LeaseRefusedException(Refusal refusal, String message) {
        super(message);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    public LeaseRefusedException(Refusal refusal, String message, Throwable cause) {
        super(message, cause);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    public Refusal refusal() {
        return refusal;
    }
}
