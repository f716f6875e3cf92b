package io.queueautoscaler.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until it is moved by hand, in UTC. The simulator starts it at the
 * epoch (second 0 of a run) and sets it second by second; tests start it where they like. The
 * instant is volatile because tests read it from other threads (an application under test, a
 * request thread) than the one moving it.
 */
public final class VirtualClock extends Clock {
    private volatile Instant now;

    public VirtualClock() {
        this(Instant.EPOCH);
    }

    public VirtualClock(Instant start) {
        this.now = start;
    }

    /** A clock standing at {@code isoInstant}, e.g. {@code 2026-11-26T10:00:00Z}. */
    public static VirtualClock at(String isoInstant) {
        return new VirtualClock(Instant.parse(isoInstant));
    }

    /** Moves to second {@code seconds} of a simulated run, counted from the epoch. */
    public void setSeconds(long seconds) {
        now = Instant.EPOCH.plusSeconds(seconds);
    }

    public void set(Instant to) {
        now = to;
    }

    public void advance(Duration by) {
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
