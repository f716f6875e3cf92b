package io.queueautoscaler.reconcile;

import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies in force. A reload that fails keeps the last good set and remembers why it
 * failed, for {@code GET /v1/policies} and the health check; the first load must succeed.
 */
public final class PolicyRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyRegistry.class);

    /** Loads every policy, or throws with a message that lists every problem. */
    @FunctionalInterface
    public interface Loader {
        List<ScalingPolicy> load() throws Exception;
    }

    /** Why the last reload failed, and when. */
    public record LoadError(Instant at, String message) {
    }

    private final Loader loader;
    private final Clock clock;
    private final List<Consumer<Collection<ScalingPolicy>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, ScalingPolicy> policies = Map.of();
    private volatile Optional<LoadError> loadError = Optional.empty();

    public PolicyRegistry(Loader loader, Clock clock) throws Exception {
        this.loader = loader;
        this.clock = clock;
        install(loader.load());
    }

    public void onChange(Consumer<Collection<ScalingPolicy>> listener) {
        listeners.add(listener);
    }

    /** Re-reads the policies; returns true when the set in force changed. Never throws. */
    public boolean reload() {
        try {
            return reloadOnce();
        } catch (RuntimeException e) {
            // A reload runs on a repeating schedule, which one escaped exception would cancel for good.
            fail("applying the policies failed: " + e);
            return false;
        }
    }

    private boolean reloadOnce() {
        List<ScalingPolicy> loaded;
        try {
            loaded = loader.load();
        } catch (Exception e) {
            fail(e.getMessage() == null ? e.toString() : e.getMessage());
            return false;
        }
        Map<String, ScalingPolicy> next = index(loaded);
        if (next.equals(policies)) {
            if (loadError.isPresent()) {
                LOG.info("policies load again without errors");
            }
            loadError = Optional.empty();
            return false;
        }
        loadError = Optional.empty();
        install(loaded);
        if (loadError.isEmpty()) {
            LOG.info("policies reloaded: {}", policies.keySet());
        }
        return true;
    }

    private void fail(String message) {
        if (loadError.map(err -> !err.message().equals(message)).orElse(true)) {
            LOG.error("policy reload failed; keeping the {} policies in force:\n{}", policies.size(), message);
        }
        loadError = Optional.of(new LoadError(clock.instant(), message));
    }

    public Collection<ScalingPolicy> all() {
        return policies.values();
    }

    public Optional<ScalingPolicy> get(String name) {
        return Optional.ofNullable(policies.get(name));
    }

    public Optional<LoadError> loadError() {
        return loadError;
    }

    /** Puts the policies in force and tells every listener; a listener that fails is reported, not fatal. */
    private void install(List<ScalingPolicy> loaded) {
        policies = index(loaded);
        List<ScalingPolicy> snapshot = new ArrayList<>(policies.values());
        for (Consumer<Collection<ScalingPolicy>> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                fail("the policies are in force but applying them failed (schedule or local fleet): " + e);
            }
        }
    }

    private static Map<String, ScalingPolicy> index(List<ScalingPolicy> loaded) {
        Map<String, ScalingPolicy> byName = new LinkedHashMap<>();
        loaded.stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(p -> byName.put(p.name(), p));
        return java.util.Collections.unmodifiableMap(byName);
    }
}
