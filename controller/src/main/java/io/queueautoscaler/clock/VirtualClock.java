package io.queueautoscaler.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until it is moved forward, in UTC. The simulator starts one at the
 * epoch (second 0 of a run) and advances it second by second; tests start one where they like and
 * advance it past the times they care about. The instant is volatile because tests read it from
 * other threads (an application under test, a request thread) than the one moving it.
 */
public final class VirtualClock extends Clock {
    private volatile Instant now;

    /** A clock at the epoch, second 0 of a simulated run. */
    public VirtualClock() {
        this(Instant.EPOCH);
    }

    public VirtualClock(Instant start) {
        this.now = start;
    }

    /** Moves forward by {@code by}; time never runs backwards, as no clock the daemon reads does. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock only moves forward, not by " + by);
        }
        now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new IllegalArgumentException("the virtual clock runs in UTC only, not " + zone);
        }
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
