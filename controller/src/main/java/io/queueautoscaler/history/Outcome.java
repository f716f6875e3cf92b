package io.queueautoscaler.history;

/** What became of a decision. */
public enum Outcome {
    /** Desired capacity was set. */
    APPLIED,
    /** Desired capacity already matched: nothing to do. */
    UNCHANGED,
    /** dryRun: recorded what would have been done, did nothing. */
    DRY_RUN,
    /** The observation failed; the fail-safe was applied. */
    FAILED,
    /** The decision was made but the call to change capacity failed. */
    ACT_FAILED
}
