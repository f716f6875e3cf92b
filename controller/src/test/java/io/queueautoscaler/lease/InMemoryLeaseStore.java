package io.queueautoscaler.lease;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Leases in memory for tests: the same contract as the database, without surviving a restart. */
public final class InMemoryLeaseStore implements LeaseStore {
    private final Map<String, Lease> leases = new TreeMap<>();
    private final Map<String, String> protectedInstances = new TreeMap<>();
    private final List<LeaseEvent> events = new ArrayList<>();

    @Override
    public synchronized void insert(Lease lease, LeaseEvent taken) {
        leases.put(lease.instanceId(), lease.withProtection(false));
        events.add(taken);
    }

    @Override
    public synchronized void delete(Collection<Lease> gone, Collection<LeaseEvent> what) {
        gone.forEach(l -> {
            if (l.sameTaking(leases.get(l.instanceId()))) {
                leases.remove(l.instanceId());
            }
        });
        events.addAll(what);
    }

    @Override
    public synchronized void updateExpiries(Collection<Lease> renewed) {
        renewed.forEach(l -> {
            Lease stored = leases.get(l.instanceId());
            if (l.sameTaking(stored)) {
                leases.put(l.instanceId(), stored.renewedUntil(l.expiresAt()));
            }
        });
    }

    @Override
    public synchronized List<Lease> leases() {
        return List.copyOf(leases.values());
    }

    @Override
    public synchronized Map<String, String> protectedInstances() {
        return new LinkedHashMap<>(protectedInstances);
    }

    @Override
    public synchronized void addProtected(String autoScalingGroupName, Collection<String> instanceIds, Instant since) {
        instanceIds.forEach(id -> protectedInstances.put(id, autoScalingGroupName));
    }

    @Override
    public synchronized void removeProtected(Collection<String> instanceIds) {
        instanceIds.forEach(protectedInstances::remove);
    }

    @Override
    public synchronized void record(Collection<LeaseEvent> more) {
        events.addAll(more);
    }

    /** The event log, newest first. */
    public synchronized List<LeaseEvent> events(int limit) {
        List<LeaseEvent> newestFirst = new ArrayList<>(events);
        Collections.reverse(newestFirst);
        return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
    }

    @Override
    public synchronized int deleteEventsBefore(Instant cutoff) {
        int before = events.size();
        events.removeIf(e -> e.at().isBefore(cutoff));
        return before - events.size();
    }
}
