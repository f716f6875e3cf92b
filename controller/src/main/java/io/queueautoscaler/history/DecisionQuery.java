package io.queueautoscaler.history;

import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Reason;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A page of the history: optionally one policy, a time range [since, until), any of the given
 * actions (as the API names them: {@link #ACTIONS}), outcomes and reasons (an empty set: all), at
 * most {@code limit} rows, strictly older than the decision {@code beforeId} when continuing.
 */
public record DecisionQuery(Optional<String> policy, Optional<Instant> since, Optional<Instant> until, int limit,
                            Optional<Long> beforeId, Set<String> actions, Set<Outcome> outcomes, Set<Reason> reasons) {
    public static final int MAX_LIMIT = 500;
    /** The directions, and FAILED for a failed evaluation, as {@link Decision#actionName()} names them. */
    public static final List<String> ACTIONS = Stream.concat(Arrays.stream(Action.values()).map(Enum::name),
            Stream.of(Decision.FAILED_ACTION)).toList();

    public DecisionQuery {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(beforeId, "beforeId");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT + ": " + limit);
        }
        if (since.isPresent() && until.isPresent() && since.get().isAfter(until.get())) {
            throw new IllegalArgumentException("since " + since.get() + " is after until " + until.get());
        }
        actions = Set.copyOf(actions);
        if (!ACTIONS.containsAll(actions)) {
            throw new IllegalArgumentException("actions must be among " + ACTIONS + ": " + actions);
        }
        outcomes = Set.copyOf(outcomes);
        reasons = Set.copyOf(reasons);
    }

    /** Every action, outcome and reason. */
    public DecisionQuery(Optional<String> policy, Optional<Instant> since, Optional<Instant> until, int limit,
                         Optional<Long> beforeId) {
        this(policy, since, until, limit, beforeId, Set.of(), Set.of(), Set.of());
    }

    /** Whether the decision passes every filter but the page's position (limit, beforeId). */
    public boolean matches(Decision d) {
        return policy.map(p -> p.equals(d.policy())).orElse(true)
                && since.map(s -> !d.time().isBefore(s)).orElse(true)
                && until.map(u -> d.time().isBefore(u)).orElse(true)
                && (actions.isEmpty() || actions.contains(d.actionName()))
                && (outcomes.isEmpty() || outcomes.contains(d.outcome()))
                && (reasons.isEmpty() || reasons.contains(d.reason()));
    }
}
