package io.queueautoscaler.history;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A decorator of a decision log: everything goes to the log it wraps, and a subclass adds to
 * {@link #append} (counting, logging) by overriding it and calling {@code super.append}.
 */
public abstract class ForwardingDecisionLog implements DecisionLog {
    private final DecisionLog delegate;

    protected ForwardingDecisionLog(DecisionLog delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Decision append(Decision decision) {
        return delegate.append(decision);
    }

    @Override
    public Optional<Decision> find(long id) {
        return delegate.find(id);
    }

    @Override
    public DecisionPage list(DecisionQuery query) {
        return delegate.list(query);
    }

    @Override
    public Map<String, Decision> latest(Collection<String> policies) {
        return delegate.latest(policies);
    }
}
