package io.queueautoscaler.lease;

/** What the store did with a request to take a holder's lease. */
public enum TakeOutcome {
    /** A new lease of the holder is stored. */
    TAKEN,
    /** The holder's lease was live (a concurrent request took it first): renewed instead. */
    RENEWED,
    /** Refused: the instance is draining. */
    DRAINING,
    /** Refused: the instance is being scaled in. */
    SCALING_IN,
    /** Refused: the instance already has the most live holders one instance may have. */
    FULL
}
