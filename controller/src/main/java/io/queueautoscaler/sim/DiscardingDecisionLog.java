package io.queueautoscaler.sim;

import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionLog;
import io.queueautoscaler.history.DecisionPage;
import io.queueautoscaler.history.DecisionQuery;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The decision log of a benchmark run: numbers each decision as a store would, and keeps none.
 * A run evaluates the policy for hours of simulated time and only its summary and timeline are
 * read, so holding every decision (inputs and stages) would be memory spent for nothing. A test
 * that wants the decision trace hands the simulation its own in-memory log instead.
 */
public final class DiscardingDecisionLog implements DecisionLog {
    private final AtomicLong ids = new AtomicLong();

    @Override
    public Decision append(Decision decision) {
        return decision.withId(ids.incrementAndGet());
    }

    @Override
    public Optional<Decision> find(long id) {
        return Optional.empty();
    }

    @Override
    public DecisionPage list(DecisionQuery query) {
        return new DecisionPage(List.of(), Optional.empty());
    }
}
