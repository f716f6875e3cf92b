package io.queueautoscaler.history;

import java.time.Instant;
import java.util.Optional;

/**
 * A page of the history: optionally one policy, a time range [since, until), at most
 * {@code limit} rows, strictly older than the decision {@code beforeId} when continuing.
 */
public record DecisionQuery(Optional<String> policy, Optional<Instant> since, Optional<Instant> until, int limit, Optional<Long> beforeId) {
    public static final int MAX_LIMIT = 500;

    public DecisionQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT + ": " + limit);
        }
    }
}
