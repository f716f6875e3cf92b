package io.queueautoscaler.history;

import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.recommend.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One evaluation of one policy, whole: its inputs, each stage of the arithmetic, what was
 * decided and what came of it. {@code action} is the direction; a failed evaluation holds, so
 * its action is NONE and its outcome FAILED. {@code id} is 0 until the log stores it.
 *
 * <p>As stored, a record may stand for a run of identical unchanged decisions: {@code repeated}
 * counts them, {@code time} is the first one's and {@code until} the last one's. {@code node} is
 * the daemon that made the decision (the last of a run); empty outside a daemon (the simulator).
 *
 * <p>The capacities are empty when they were not known: an evaluation that could not describe
 * the group knows neither the group's capacity nor what to set, and says so rather than 0.
 */
public record Decision(
        long id,
        String policy,
        Instant time,
        OptionalInt currentCapacity,
        OptionalInt recommendedCapacity,
        OptionalInt desiredCapacity,
        Action action,
        Outcome outcome,
        Reason reason,
        String message,
        boolean dryRun,
        DecisionInputs inputs,
        List<Stage> stages,
        Optional<String> node,
        int repeated,
        Optional<Instant> until) {

    /** A decision as an evaluation makes it, on known capacities: not recorded yet, so by no node and not repeated. */
    public Decision(long id, String policy, Instant time, int currentCapacity, int recommendedCapacity,
                    int desiredCapacity, Action action, Outcome outcome, Reason reason, String message, boolean dryRun,
                    DecisionInputs inputs, List<Stage> stages) {
        this(id, policy, time, OptionalInt.of(currentCapacity), OptionalInt.of(recommendedCapacity),
                OptionalInt.of(desiredCapacity), action, outcome, reason, message, dryRun, inputs, stages,
                Optional.empty(), 1, Optional.empty());
    }

    /**
     * A failed evaluation that could not learn the group's capacity: every capacity unknown, the
     * action a hold, not recorded yet.
     */
    public static Decision capacityUnknown(String policy, Instant time, Reason reason, String message, boolean dryRun,
                                           DecisionInputs inputs) {
        return new Decision(0, policy, time, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), Action.NONE,
                Outcome.FAILED, reason, message, dryRun, inputs, List.of(), Optional.empty(), 1, Optional.empty());
    }

    /** A capacity as the API, the metrics and the store show it: null when it was not known, never 0. */
    public static Integer orNull(OptionalInt capacity) {
        return capacity.isPresent() ? capacity.getAsInt() : null;
    }

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
        Objects.requireNonNull(currentCapacity, "currentCapacity");
        Objects.requireNonNull(recommendedCapacity, "recommendedCapacity");
        Objects.requireNonNull(desiredCapacity, "desiredCapacity");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(until, "until");
        stages = List.copyOf(stages);
        if (repeated < 1) {
            throw new IllegalArgumentException("a record holds at least one decision, not " + repeated);
        }
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
                action, outcome, reason, message, dryRun, inputs, stages, node, repeated, until);
    }

    /** This decision as made on the named node (a daemon of the cluster). */
    public Decision madeBy(String nodeName) {
        return new Decision(id, policy, time, currentCapacity, recommendedCapacity, desiredCapacity,
                action, outcome, reason, message, dryRun, inputs, stages, Optional.of(nodeName), repeated, until);
    }

    /**
     * Whether {@code next} repeats this record: both changed nothing (outcome UNCHANGED) and saw and
     * decided the same, only later. A run of such decisions is kept as one record; every decision
     * that changes anything or fails is kept whole.
     */
    public boolean repeatedBy(Decision next) {
        return outcome == Outcome.UNCHANGED && next.outcome == Outcome.UNCHANGED
                && policy.equals(next.policy) && currentCapacity.equals(next.currentCapacity)
                && recommendedCapacity.equals(next.recommendedCapacity) && desiredCapacity.equals(next.desiredCapacity)
                && action == next.action && reason == next.reason && message.equals(next.message)
                && dryRun == next.dryRun && inputs.equals(next.inputs) && stages.equals(next.stages);
    }

    /**
     * This record with {@code next} folded in: one more decision (or {@code next}'s run of them),
     * the last at {@code next}'s last time and node.
     */
    public Decision foldIn(Decision next) {
        return new Decision(id, policy, time, currentCapacity, recommendedCapacity, desiredCapacity, action, outcome,
                reason, message, dryRun, inputs, stages, next.node.isPresent() ? next.node : node,
                repeated + next.repeated, Optional.of(next.lastTime()));
    }

    /** When the last decision of this record was made: {@code until} for a run, else {@code time}. */
    public Instant lastTime() {
        return until.orElse(time);
    }
}
