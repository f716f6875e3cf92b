package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.Target;
import java.util.Optional;

/** The group's minCapacity and maxCapacity, which no other stage may leave. */
final class Bounds {
    private Bounds() {
    }

    static Optional<Stage> apply(Target target, int proposed) {
        int clamped = target.clamp(proposed);
        if (clamped == proposed) {
            return Optional.empty();
        }
        String range = "[" + target.minCapacity() + ", " + target.maxCapacity() + "]";
        return Optional.of(clamped > proposed
                ? new Stage("bounds", clamped, Reason.BELOW_MIN, proposed + " is below minCapacity: " + clamped + " within " + range)
                : new Stage("bounds", clamped, Reason.ABOVE_MAX, proposed + " is above maxCapacity: " + clamped + " within " + range));
    }
}
