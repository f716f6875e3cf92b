package io.queueautoscaler.intervention;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An operator's hand on a policy: a pause (the group is left as it is) or an override (the group
 * is held at {@code desiredCapacity}), in force from {@code since} until {@code until} or until
 * someone ends it. {@code by} and {@code from} say who set it and from which address, for the audit.
 */
public record Intervention(Kind kind, OptionalInt desiredCapacity, Optional<String> reason, Optional<Instant> until,
                           String by, String from, Instant since) {

    public enum Kind { PAUSE, OVERRIDE }

    public Intervention {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(desiredCapacity, "desiredCapacity");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(since, "since");
        if ((kind == Kind.OVERRIDE) != desiredCapacity.isPresent()) {
            throw new IllegalArgumentException("an override holds a capacity and a pause does not: " + kind + " " + desiredCapacity);
        }
        if (desiredCapacity.isPresent() && desiredCapacity.getAsInt() < 0) {
            throw new IllegalArgumentException("desiredCapacity cannot be negative: " + desiredCapacity.getAsInt());
        }
        if (until.isPresent() && !until.get().isAfter(since)) {
            throw new IllegalArgumentException("until " + until.get() + " must be after since " + since);
        }
    }

    public static Intervention pause(Optional<String> reason, Optional<Instant> until, String by, String from, Instant since) {
        return new Intervention(Kind.PAUSE, OptionalInt.empty(), reason, until, by, from, since);
    }

    public static Intervention override(int desiredCapacity, Optional<String> reason, Optional<Instant> until, String by,
                                        String from, Instant since) {
        return new Intervention(Kind.OVERRIDE, OptionalInt.of(desiredCapacity), reason, until, by, from, since);
    }

    public boolean inForceAt(Instant now) {
        return !now.isBefore(since) && until.map(now::isBefore).orElse(true);
    }

    /** "paused by ops until 2026-11-30T14:00:00Z (reason: incident 42)", the head of a decision message. */
    public String describe() {
        String head = kind == Kind.PAUSE ? "paused" : "overridden to " + desiredCapacity.getAsInt();
        return head + " by " + by + until.map(u -> " until " + u).orElse(" until resumed")
                + reason.map(r -> " (reason: " + r + ")").orElse("");
    }
}
