package io.queueautoscaler.history;

import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.recommend.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One evaluation of one policy, whole: its inputs, each stage of the arithmetic, what was
 * decided and what came of it. {@code action} is the direction; a failed evaluation holds, so
 * its action is NONE and its outcome FAILED. {@code id} is 0 until the log stores it.
 */
public record Decision(
        long id,
        String policy,
        Instant time,
        int currentCapacity,
        int recommendedCapacity,
        int desiredCapacity,
        Action action,
        Outcome outcome,
        Reason reason,
        String message,
        boolean dryRun,
        DecisionInputs inputs,
        List<Stage> stages) {

    /** How the API and the store name the action of a failed evaluation, as they always have. */
    public static final String FAILED_ACTION = "FAILED";

    public Decision {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(inputs, "inputs");
        stages = List.copyOf(stages);
        if (outcome == Outcome.FAILED && action != Action.NONE) {
            throw new IllegalArgumentException("a failed evaluation holds capacity, its action cannot be " + action);
        }
    }

    /** The action as the API and the store show it: FAILED for a failed evaluation, else the direction. */
    public String actionName() {
        return outcome == Outcome.FAILED ? FAILED_ACTION : action.name();
    }

    /** Reads {@link #actionName()} back: FAILED was a hold. */
    public static Action actionOf(String name) {
        return FAILED_ACTION.equals(name) ? Action.NONE : Action.valueOf(name);
    }

    public Decision withId(long newId) {
        return new Decision(newId, policy, time, currentCapacity, recommendedCapacity, desiredCapacity,
                action, outcome, reason, message, dryRun, inputs, stages);
    }
}
