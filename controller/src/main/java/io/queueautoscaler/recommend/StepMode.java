package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.Scaling;
import io.queueautoscaler.policy.ScalingPolicy;
import java.util.Comparator;
import java.util.Optional;

/**
 * step mode, the CloudWatch-alarm recipe: adjustments relative to the current capacity. The
 * largest scale-out step whose backlogAbove the backlog exceeds adds its instances; otherwise the
 * scale-in step with the smallest backlogBelow the backlog is under removes its instances;
 * otherwise the capacity stays.
 */
final class StepMode {
    private StepMode() {
    }

    static Stage recommend(ScalingPolicy policy, Observation observation, int current) {
        long backlog = observation.backlog(policy.metrics());
        Scaling.Steps steps = policy.scaling().steps();
        Optional<Scaling.ScaleOutStep> out = steps.scaleOut().stream()
                .filter(s -> backlog > s.backlogAbove())
                .max(Comparator.comparingLong(Scaling.ScaleOutStep::backlogAbove));
        if (out.isPresent()) {
            int next = (int) Math.min(Integer.MAX_VALUE, (long) current + out.get().add());
            return new Stage("step", next, Reason.STEP_SCALE_OUT, "backlog " + backlog + " is above "
                    + out.get().backlogAbove() + ": add " + out.get().add() + " to " + current + " = " + next);
        }
        Optional<Scaling.ScaleInStep> in = steps.scaleIn().stream()
                .filter(s -> backlog < s.backlogBelow())
                .min(Comparator.comparingLong(Scaling.ScaleInStep::backlogBelow));
        if (in.isPresent()) {
            int next = Math.max(0, current - in.get().remove());
            return new Stage("step", next, Reason.STEP_SCALE_IN, "backlog " + backlog + " is below "
                    + in.get().backlogBelow() + ": remove " + in.get().remove() + " from " + current + " = " + next);
        }
        return new Stage("step", current, Reason.STEP_NO_MATCH,
                "backlog " + backlog + " matches no step: keep " + current);
    }
}
