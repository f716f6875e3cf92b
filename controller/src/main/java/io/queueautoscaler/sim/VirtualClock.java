package io.queueautoscaler.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the simulator moves by hand: second 0 of a run is the epoch, in UTC. */
public final class VirtualClock extends Clock {
    private Instant now = Instant.EPOCH;

    public void setSeconds(long seconds) {
        now = Instant.EPOCH.plusSeconds(seconds);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new IllegalArgumentException("the simulator's clock runs in UTC only, not " + zone);
        }
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
