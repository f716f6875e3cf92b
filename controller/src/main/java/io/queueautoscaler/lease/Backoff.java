package io.queueautoscaler.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter, per key (a group): after the n-th failure in a row the key
 * waits between half and all of {@code first * 2^(n-1)}, capped at {@code max}. The jitter keeps
 * daemons and groups that failed together from retrying together against a throttled API.
 */
public final class Backoff {
    private record State(int failures, Instant retryAt) {
    }

    private final Duration first;
    private final Duration max;
    private final RandomGenerator random;
    private final Map<String, State> states = new HashMap<>();

    public Backoff(Duration first, Duration max, RandomGenerator random) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, was first " + first + ", max " + max);
        }
        this.first = first;
        this.max = max;
        this.random = random;
    }

    public synchronized boolean ready(String key, Instant now) {
        State state = states.get(key);
        return state == null || !now.isBefore(state.retryAt());
    }

    /** Records a failure; returns how long the key waits. */
    public synchronized Duration failed(String key, Instant now) {
        int failures = states.containsKey(key) ? states.get(key).failures() + 1 : 1;
        long ceiling = first.toMillis() << Math.min(failures - 1, 20);
        ceiling = Math.min(ceiling, max.toMillis());
        Duration wait = Duration.ofMillis(ceiling / 2 + random.nextLong(ceiling / 2 + 1));
        states.put(key, new State(failures, now.plus(wait)));
        return wait;
    }

    public synchronized void succeeded(String key) {
        states.remove(key);
    }

    public synchronized int failures(String key) {
        State state = states.get(key);
        return state == null ? 0 : state.failures();
    }
}
