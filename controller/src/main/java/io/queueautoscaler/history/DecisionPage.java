package io.queueautoscaler.history;

import java.util.List;
import java.util.Optional;

/** Decisions newest first, and the id to continue before when there are more. */
public record DecisionPage(List<Decision> items, Optional<Long> continueBefore) {
    public DecisionPage {
        items = List.copyOf(items);
    }
}
