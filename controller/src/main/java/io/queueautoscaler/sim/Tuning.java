package io.queueautoscaler.sim;

import java.util.Objects;

/**
 * How an {@code @slo} run was found: its knob, the scale applied to the documented value, and
 * whether it met the SLO (when no scale in range did, the run with the fewest violations).
 */
public record Tuning(String parameter, double scale, boolean met) {
    public Tuning {
        Objects.requireNonNull(parameter, "parameter");
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("a tuning scale lies in (0, 1]: " + scale);
        }
    }
}
