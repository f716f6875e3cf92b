package io.queueautoscaler.history;

import java.util.Optional;

/** The decision history: every evaluation, acted on or not. */
public interface DecisionLog {

    /** Stores a decision and returns it with its id. */
    Decision append(Decision decision);

    Optional<Decision> find(long id);

    /** Newest first. */
    DecisionPage list(DecisionQuery query);
}
