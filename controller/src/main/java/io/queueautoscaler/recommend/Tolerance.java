package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.Behavior;
import java.util.Locale;
import java.util.Optional;

/**
 * The HPA's tolerance (replica_calculator): no change while |recommended / current - 1| is within
 * the tolerance of the direction the change would go (Kubernetes 1.33 lets each direction have
 * its own). It damps flapping around a ratio of one; a pool at zero has no ratio.
 */
final class Tolerance {
    /** Keeps 11 / 10 within a tolerance of 0.1 despite binary floating point. */
    private static final double EPSILON = 1e-9;

    private Tolerance() {
    }

    static Optional<Stage> apply(Behavior behavior, int current, int proposed) {
        if (current == 0 || proposed == current) {
            return Optional.empty();
        }
        double ratio = (double) proposed / current;
        double tolerance = ratio > 1 ? behavior.scaleUp().tolerance() : behavior.scaleDown().tolerance();
        if (Math.abs(ratio - 1) > tolerance + EPSILON) {
            return Optional.empty();
        }
        return Optional.of(new Stage("tolerance", current, Reason.WITHIN_TOLERANCE, String.format(Locale.ROOT,
                "%d / %d = %.2f is within the %s%% tolerance: keep %d", proposed, current, ratio, Numbers.fmt(tolerance * 100), current)));
    }
}
