package io.queueautoscaler.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fleet that shares describes. All Auto Scaling calls of an account draw on one throttling
 * bucket, and policies tend to evaluate at the same moment; so a describe that misses the cache
 * also describes the groups asked about lately whose entries are oldest, up to one call's worth, and the callers that arrive while it runs
 * wait for it instead of calling too. Entries live for a short TTL; a write through this fleet
 * drops the entry of the group it changed.
 *
 * <p>A failed describe is cached too, for the same TTL counted from when it failed: while Auto
 * Scaling throttles or hangs, the callers that waited for the failing call and every caller that
 * asks within the TTL after it get that failure at once instead of making their own call, so a
 * retry storm of lease takes cannot multiply the calls that are being throttled, and a call that
 * hangs until its timeout costs the evaluations waiting for it that one timeout, not one each.
 * A caller waiting for another's describe stops waiting when its thread is interrupted (the
 * daemon is stopping).
 */
public final class CachingFleet implements Fleet {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(2);
    /** A group nobody asked about for this long (its policy was removed) is no longer described. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private final Fleet delegate;
    private final Clock clock;
    private final Duration ttl;
    /** Held while the delegate describes, so that one describe serves everyone waiting. */
    private final ReentrantLock describing = new ReentrantLock();

    // Guarded by this.
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, Instant> lastAsked = new HashMap<>();
    /** Writes per group: a describe that overlapped a write to a group must not cache that group. */
    private final Map<String, Long> writes = new HashMap<>();
    /** The last describe that failed, shared with every caller until it is a TTL old. */
    private Optional<Failed> failed = Optional.empty();

    public CachingFleet(Fleet delegate, Clock clock) {
        this(delegate, clock, DEFAULT_TTL);
    }

    public CachingFleet(Fleet delegate, Clock clock, Duration ttl) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("cache TTL must be above zero and at most one minute, was " + ttl);
        }
        this.ttl = ttl;
    }

    @Override
    public Map<String, GroupState> describe(Collection<String> groupNames) {
        Set<String> wanted = new LinkedHashSet<>(groupNames);
        if (wanted.isEmpty()) {
            return Map.of();
        }
        Optional<Map<String, GroupState>> hit = cached(wanted);
        if (hit.isPresent()) {
            return hit.get();
        }
        try {
            describing.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted while waiting for a describe of " + wanted + ": the daemon is stopping");
        }
        try {
            hit = cached(wanted);
            if (hit.isPresent()) {
                return hit.get(); // described by the caller we waited for
            }
            Instant startedAt;
            Set<String> all;
            Map<String, Long> writesBefore;
            synchronized (this) {
                startedAt = clock.instant();
                all = batch(wanted, startedAt);
                writesBefore = new HashMap<>(writes);
            }
            Map<String, GroupState> described;
            try {
                described = delegate.describe(all);
            } catch (RuntimeException e) {
                synchronized (this) {
                    failed = Optional.of(new Failed(e, clock.instant()));
                }
                throw e;
            }
            synchronized (this) {
                failed = Optional.empty();
                for (String name : all) {
                    if (Objects.equals(writes.get(name), writesBefore.get(name))) {
                        entries.put(name, new Entry(Optional.ofNullable(described.get(name)), startedAt));
                    }
                }
            }
            Map<String, GroupState> result = new LinkedHashMap<>();
            wanted.forEach(name -> Optional.ofNullable(described.get(name)).ifPresent(state -> result.put(name, state)));
            return result;
        } finally {
            describing.unlock();
        }
    }

    /**
     * The evaluations keep every policy's group in the cache, each described at its last tick:
     * a view of a thousand groups reads them there instead of making ten describe calls under
     * the lock every evaluation waits on.
     */
    @Override
    public Map<String, GroupState> describeRecent(Collection<String> groupNames, Duration maxAge) {
        Map<String, GroupState> result = new LinkedHashMap<>();
        Set<String> stale = new LinkedHashSet<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (String name : new LinkedHashSet<>(groupNames)) {
                lastAsked.put(name, now);
                Entry entry = entries.get(name);
                if (entry != null && now.isBefore(entry.describedAt().plus(maxAge))) {
                    entry.state().ifPresent(state -> result.put(name, state));
                } else {
                    stale.add(name);
                }
            }
        }
        if (!stale.isEmpty()) {
            result.putAll(describe(stale));
        }
        return result;
    }

    @Override
    public void setDesiredCapacity(String groupName, int desiredCapacity) {
        try {
            delegate.setDesiredCapacity(groupName, desiredCapacity);
        } finally {
            invalidate(groupName);
        }
    }

    @Override
    public void setProtection(String groupName, List<String> instanceIds, boolean protectedFromScaleIn) {
        try {
            delegate.setProtection(groupName, instanceIds, protectedFromScaleIn);
        } finally {
            invalidate(groupName); // even a failed call may have changed the first chunks
        }
    }

    @Override
    public void terminateAndDecrement(String instanceId) {
        try {
            delegate.terminateAndDecrement(instanceId);
        } finally {
            invalidateGroupOf(instanceId);
        }
    }

    /** The wanted groups if every one of them is fresh in the cache; notes that they were asked for. */
    private synchronized Optional<Map<String, GroupState>> cached(Set<String> wanted) {
        Instant now = clock.instant();
        wanted.forEach(name -> lastAsked.put(name, now));
        if (failed.isPresent() && now.isBefore(failed.get().at().plus(ttl))) {
            Failed last = failed.get();
            throw new FleetException("Auto Scaling describe failed " + Duration.between(last.at(), now).toMillis()
                    + " ms ago, not asking again for " + ttl.toMillis() + " ms: " + last.cause().getMessage(), last.cause());
        }
        Map<String, GroupState> result = new LinkedHashMap<>();
        for (String name : wanted) {
            Entry entry = entries.get(name);
            if (entry == null || !now.isBefore(entry.describedAt().plus(ttl))) {
                return Optional.empty();
            }
            entry.state().ifPresent(state -> result.put(name, state));
        }
        return Optional.of(result);
    }

    /**
     * The wanted groups and, to fill one describe call, the other recently asked groups whose
     * entries are oldest. With a thousand policies, describing every known group on each miss
     * would cost ten calls under one lock that every evaluation waits on; one call each, spread
     * over the groups as they age, keeps the shared describe cheap.
     */
    private Set<String> batch(Set<String> wanted, Instant now) {
        Set<String> batch = new LinkedHashSet<>(wanted);
        recentlyAsked(now).stream()
                .filter(name -> !batch.contains(name))
                .sorted(Comparator.comparing(name -> entries.containsKey(name) ? entries.get(name).describedAt() : Instant.MIN))
                .limit(Math.max(0, AsgFleet.MAX_NAMES_PER_DESCRIBE - batch.size()))
                .forEach(batch::add);
        return batch;
    }

    /** Every group asked for within {@link #FORGET_AFTER}; the others are forgotten. */
    private Set<String> recentlyAsked(Instant now) {
        Instant horizon = now.minus(FORGET_AFTER);
        lastAsked.entrySet().removeIf(asked -> asked.getValue().isBefore(horizon));
        entries.keySet().retainAll(lastAsked.keySet());
        writes.keySet().retainAll(lastAsked.keySet());
        return new LinkedHashSet<>(lastAsked.keySet());
    }

    private synchronized void invalidate(String groupName) {
        entries.remove(groupName);
        writes.merge(groupName, 1L, Long::sum);
    }

    /** Terminating names an instance, not a group: drop the group that holds it, or all if none is known to. */
    private synchronized void invalidateGroupOf(String instanceId) {
        Optional<String> owner = entries.entrySet().stream()
                .filter(entry -> entry.getValue().state()
                        .map(state -> state.instances().stream().anyMatch(i -> i.instanceId().equals(instanceId)))
                        .orElse(false))
                .map(Map.Entry::getKey)
                .findFirst();
        if (owner.isPresent()) {
            invalidate(owner.get());
        } else {
            List.copyOf(lastAsked.keySet()).forEach(this::invalidate);
        }
    }

    private record Failed(RuntimeException cause, Instant at) {
    }

    private record Entry(Optional<GroupState> state, Instant describedAt) {
    }
}
