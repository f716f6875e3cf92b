package io.queueautoscaler.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One scheduled evaluation of a policy. {@code scheduledAt} names the tick: every node computes
 * it from the same trigger, so it identifies the tick across the cluster; {@code firedAt} is when
 * this node started it.
 */
public record Tick(String policy, Instant scheduledAt, Instant firedAt) {
    public Tick {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        Objects.requireNonNull(firedAt, "firedAt");
    }

    /** How long after its scheduled time the tick started; never negative. */
    public Duration lateness() {
        Duration late = Duration.between(scheduledAt, firedAt);
        return late.isNegative() ? Duration.ZERO : late;
    }
}
