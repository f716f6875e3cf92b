package io.queueautoscaler.policy;

import java.util.List;
import java.util.Objects;

/**
 * The recommendation mode and its knobs. {@code activationBacklog} must be seen on
 * {@code activationObservations} consecutive evaluations before a pool at zero gets its first
 * instance, because SQS's approximate counts flicker.
 */
public record Scaling(
        ScalingMode mode,
        double targetBacklogPerInstance,
        Steps steps,
        long activationBacklog,
        int activationObservations) {

    public static final double DEFAULT_TARGET_BACKLOG_PER_INSTANCE = 10;

    public Scaling {
        Objects.requireNonNull(mode, "mode");
        if (!(targetBacklogPerInstance > 0)) {
            throw new IllegalArgumentException("targetBacklogPerInstance must be above 0: " + targetBacklogPerInstance);
        }
        Objects.requireNonNull(steps, "steps");
        if (activationBacklog < 0) {
            throw new IllegalArgumentException("activationBacklog must be at least 0: " + activationBacklog);
        }
        if (activationObservations < 1) {
            throw new IllegalArgumentException("activationObservations must be at least 1: " + activationObservations);
        }
    }

    /** Step adjustments; scale-out steps are kept sorted by threshold, scale-in steps likewise. */
    public record Steps(List<ScaleOutStep> scaleOut, List<ScaleInStep> scaleIn) {
        public static final Steps DEFAULT = new Steps(
                List.of(new ScaleOutStep(0, 1)), List.of(new ScaleInStep(1, 1)));

        public Steps {
            scaleOut = scaleOut.stream().sorted((a, b) -> Long.compare(a.backlogAbove(), b.backlogAbove())).toList();
            scaleIn = scaleIn.stream().sorted((a, b) -> Long.compare(b.backlogBelow(), a.backlogBelow())).toList();
        }
    }

    /** When the backlog is above {@code backlogAbove}, add {@code add} instances. */
    public record ScaleOutStep(long backlogAbove, int add) {
        public ScaleOutStep {
            if (backlogAbove < 0 || add < 1) {
                throw new IllegalArgumentException("a scale-out step needs backlogAbove >= 0 and add >= 1");
            }
        }
    }

    /** When the backlog is below {@code backlogBelow}, remove {@code remove} instances. */
    public record ScaleInStep(long backlogBelow, int remove) {
        public ScaleInStep {
            if (backlogBelow < 0 || remove < 1) {
                throw new IllegalArgumentException("a scale-in step needs backlogBelow >= 0 and remove >= 1");
            }
        }
    }
}
