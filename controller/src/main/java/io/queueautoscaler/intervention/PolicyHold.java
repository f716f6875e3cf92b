package io.queueautoscaler.intervention;

import java.util.Objects;
import java.util.Optional;

/**
 * What operators hold on one policy right now: a pause, an override, both or neither. When both
 * are in force the override wins: it is the more specific instruction (as KEDA's
 * {@code paused-replicas} wins over {@code paused}).
 */
public record PolicyHold(Optional<Intervention> pause, Optional<Intervention> override) {
    public static final PolicyHold NONE = new PolicyHold(Optional.empty(), Optional.empty());

    public PolicyHold {
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(override, "override");
        pause.ifPresent(p -> require(p, Intervention.Kind.PAUSE));
        override.ifPresent(o -> require(o, Intervention.Kind.OVERRIDE));
    }

    private static void require(Intervention intervention, Intervention.Kind kind) {
        if (intervention.kind() != kind) {
            throw new IllegalArgumentException("expected a " + kind + ", got a " + intervention.kind());
        }
    }

    /** The intervention that decides what happens to the group, if any. */
    public Optional<Intervention> governing() {
        return override.or(() -> pause);
    }
}
