package io.queueautoscaler.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A renewal of one holder's live lease, asked at {@code at}: it then lasts until {@code at + period}. */
public record Renewal(String instanceId, String holder, Instant at, Duration period) {
    public Renewal {
        Objects.requireNonNull(instanceId, "instanceId");
        Holders.check(holder);
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(period, "period");
    }

    public Instant expiresAt() {
        return at.plus(period);
    }
}
