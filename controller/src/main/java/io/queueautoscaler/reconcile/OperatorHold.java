package io.queueautoscaler.reconcile;

import io.queueautoscaler.fleet.GroupState;
import io.queueautoscaler.intervention.Intervention;
import io.queueautoscaler.intervention.PolicyHold;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.recommend.Recommendation;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.recommend.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator's pause or override, applied as the last stage of a recommendation: the policy's
 * own answer stays in the stages and the message ("would scale out 4 -> 9: ..."), the desired
 * capacity becomes the operator's (the current one for a pause, the held one for an override).
 */
final class OperatorHold {
    private OperatorHold() {
    }

    static Recommendation apply(PolicyHold hold, Recommendation rec, ScalingPolicy policy, GroupState group) {
        return hold.governing().map(i -> i.kind() == Intervention.Kind.PAUSE ? pause(i, rec) : override(i, rec, policy, group))
                .orElse(rec);
    }

    private static Recommendation pause(Intervention pause, Recommendation rec) {
        int current = rec.currentCapacity();
        String detail = pause.describe() + "; would " + rec.message();
        return withStage(rec, current, new Stage("pause", current, Reason.PAUSED, detail), detail);
    }

    /** The held number, kept within the policy's and the group's bounds in case either changed since it was set. */
    private static Recommendation override(Intervention override, Recommendation rec, ScalingPolicy policy, GroupState group) {
        int held = override.desiredCapacity().orElseThrow();
        int low = Math.max(policy.target().minCapacity(), group.minSize());
        int high = Math.min(policy.target().maxCapacity(), group.maxSize());
        int desired = Math.max(low, Math.min(high, held));
        String clamped = desired == held ? "" : " (" + held + " is outside the bounds [" + low + ", " + high
                + "] of the policy and the group now, so " + desired + ")";
        String detail = override.describe() + clamped + ": "
                + Action.between(rec.currentCapacity(), desired).describe(rec.currentCapacity(), desired)
                + "; the policy would " + rec.message();
        return withStage(rec, desired, new Stage("override", desired, Reason.OVERRIDDEN, detail), detail);
    }

    private static Recommendation withStage(Recommendation rec, int desired, Stage stage, String message) {
        List<Stage> stages = new ArrayList<>(rec.stages());
        stages.add(stage);
        return new Recommendation(rec.currentCapacity(), rec.recommendedCapacity(), desired, stage.reason(), message,
                stages, rec.estimates());
    }
}
