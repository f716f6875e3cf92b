package io.queueautoscaler.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Keeps decisions in memory for tests, newest last; bounded, the oldest going first. */
public final class InMemoryDecisionLog implements DecisionLog {
    private final int capacity;
    private final AtomicLong ids = new AtomicLong();
    private final List<Decision> decisions = new ArrayList<>();

    public InMemoryDecisionLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized Decision append(Decision decision) {
        Decision stored = decision.withId(ids.incrementAndGet());
        if (decisions.size() == capacity) {
            decisions.remove(0);
        }
        decisions.add(stored);
        return stored;
    }

    @Override
    public synchronized Optional<Decision> find(long id) {
        return decisions.stream().filter(d -> d.id() == id).findFirst();
    }

    @Override
    public synchronized DecisionPage list(DecisionQuery query) {
        List<Decision> page = new ArrayList<>();
        for (int i = decisions.size() - 1; i >= 0 && page.size() <= query.limit(); i--) {
            Decision d = decisions.get(i);
            if (query.beforeId().map(before -> d.id() < before).orElse(true) && query.matches(d)) {
                page.add(d);
            }
        }
        if (page.size() > query.limit()) {
            page.remove(page.size() - 1);
            return new DecisionPage(page, Optional.of(page.get(page.size() - 1).id()));
        }
        return new DecisionPage(page, Optional.empty());
    }

    public synchronized List<Decision> all() {
        return List.copyOf(decisions);
    }
}
