package io.queueautoscaler.lease;

import java.time.Duration;
import java.time.Instant;

/** Why no new lease may be taken on an instance; holders already there keep renewing. */
public enum InstanceBlock {
    /** A termination lifecycle hook holds the instance until its holders finish (48 h is the longest a hook can). */
    DRAINING(Duration.ofHours(48)),
    /** The daemon claimed the instance for termination; longer than any termination takes. */
    SCALE_IN(Duration.ofMinutes(15));

    private final Duration lasts;

    InstanceBlock(Duration lasts) {
        this.lasts = lasts;
    }

    /** How long a block set at one time refuses leases; after that it is stale, the instance surely gone. */
    public Duration lasts() {
        return lasts;
    }

    public boolean inForce(Instant since, Instant now) {
        return now.isBefore(since.plus(lasts));
    }
}
