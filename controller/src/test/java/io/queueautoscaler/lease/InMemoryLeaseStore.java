package io.queueautoscaler.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Leases in memory for tests: the same contract as the database (every method one atomic step),
 * without surviving a restart. Used where a test needs a store but not a database: the resource
 * test and the property test.
 */
public final class InMemoryLeaseStore implements LeaseStore {
    private record Key(String instanceId, String holder) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int byInstance = instanceId.compareTo(o.instanceId);
            return byInstance != 0 ? byInstance : holder.compareTo(o.holder);
        }
    }

    private record Block(InstanceBlock reason, Instant since) {
    }

    private record Owner(String node, Instant until) {
    }

    private final Map<Key, Lease> leases = new TreeMap<>();
    private final Map<String, Block> blocks = new TreeMap<>();
    private final Map<String, LedgerEntry> protectedInstances = new TreeMap<>();
    private final Map<String, Owner> owners = new TreeMap<>();
    private final List<LeaseEvent> events = new ArrayList<>();

    @Override
    public synchronized List<Boolean> renew(List<Renewal> renewals) {
        List<Boolean> renewed = new ArrayList<>();
        for (Renewal r : renewals) {
            Key key = new Key(r.instanceId(), r.holder());
            Lease lease = leases.get(key);
            boolean live = lease != null && lease.liveAt(r.at());
            if (live) {
                leases.put(key, lease.renewedUntil(r.expiresAt(), r.period()));
            }
            renewed.add(live);
        }
        return renewed;
    }

    @Override
    public synchronized TakeOutcome take(Lease lease, int maxHolders) {
        Key key = new Key(lease.instanceId(), lease.holder());
        Instant now = lease.takenAt();
        Lease existing = leases.get(key);
        if (existing != null && existing.liveAt(now)) {
            leases.put(key, existing.renewedUntil(lease.expiresAt(), lease.period()));
            return TakeOutcome.RENEWED;
        }
        Optional<InstanceBlock> block = blockOf(lease.instanceId(), now);
        if (block.isPresent()) {
            return block.get() == InstanceBlock.DRAINING ? TakeOutcome.DRAINING : TakeOutcome.SCALING_IN;
        }
        if (live(lease.instanceId(), now).size() >= maxHolders) {
            return TakeOutcome.FULL;
        }
        leases.put(key, lease);
        events.add(LeaseAudit.taken(lease));
        return TakeOutcome.TAKEN;
    }

    @Override
    public synchronized Optional<Lease> release(String instanceId, String holder, Instant now) {
        Lease lease = leases.remove(new Key(instanceId, holder));
        if (lease != null) {
            events.add(LeaseAudit.released(lease, now));
        }
        return Optional.ofNullable(lease);
    }

    @Override
    public synchronized List<Lease> revoke(String instanceId, Instant now, String by) {
        List<Lease> revoked = leasesOf(instanceId);
        revoked.forEach(l -> leases.remove(new Key(l.instanceId(), l.holder())));
        if (!revoked.isEmpty()) {
            events.add(LeaseAudit.revoked(instanceId, revoked.get(0).autoScalingGroupName(), revoked.size(), now, by));
        }
        return revoked;
    }

    /** While set, reading the leases fails with it, as a database that does not answer does. */
    private RuntimeException unreadable;

    /** Makes reading the leases fail with {@code failure} (null: read again). */
    public synchronized void unreadable(RuntimeException failure) {
        unreadable = failure;
    }

    @Override
    public synchronized List<Lease> leases() {
        if (unreadable != null) {
            throw unreadable;
        }
        return List.copyOf(leases.values());
    }

    @Override
    public synchronized List<Lease> leasesOf(String instanceId) {
        return leases.values().stream().filter(l -> l.instanceId().equals(instanceId)).toList();
    }

    @Override
    public synchronized List<Lease> expire(Collection<Lease> due, Instant now) {
        List<Lease> expired = new ArrayList<>();
        for (Lease candidate : due) {
            Key key = new Key(candidate.instanceId(), candidate.holder());
            Lease stored = leases.get(key);
            if (stored != null && !stored.liveAt(now)) {
                leases.remove(key);
                expired.add(candidate);
                events.add(LeaseAudit.expired(candidate, now));
            }
        }
        return expired;
    }

    @Override
    public synchronized Set<String> leasedAmong(Collection<String> instanceIds, Instant now) {
        Set<String> leased = new TreeSet<>();
        instanceIds.forEach(id -> {
            if (!live(id, now).isEmpty()) {
                leased.add(id);
            }
        });
        return leased;
    }

    @Override
    public synchronized void drop(Collection<String> instanceIds, Instant now, String why) {
        for (String id : instanceIds) {
            for (Lease lease : leasesOf(id)) {
                leases.remove(new Key(id, lease.holder()));
                events.add(LeaseAudit.dropped(lease, now, why));
            }
        }
    }

    @Override
    public synchronized List<Lease> grace(Instant now) {
        List<Lease> extended = new ArrayList<>();
        for (Map.Entry<Key, Lease> e : leases.entrySet()) {
            Lease before = e.getValue();
            if (!before.liveAt(now)) {
                Lease after = before.renewedUntil(now.plus(before.period()), before.period());
                e.setValue(after);
                extended.add(after);
                events.add(LeaseAudit.graced(before, after, now));
            }
        }
        return extended;
    }

    @Override
    public synchronized void markProtectedByOther(String instanceId, boolean protectedByOther) {
        leases.replaceAll((k, l) -> !k.instanceId().equals(instanceId) ? l : new Lease(l.instanceId(), l.holder(),
                l.autoScalingGroupName(), l.takenAt(), l.expiresAt(), l.period(), protectedByOther));
    }

    @Override
    public synchronized boolean block(String instanceId, InstanceBlock reason, Instant now, boolean onlyIfUnleased) {
        if (onlyIfUnleased && !live(instanceId, now).isEmpty()) {
            return false;
        }
        Optional<InstanceBlock> existing = blockOf(instanceId, now);
        if (existing.isPresent() && existing.get() == InstanceBlock.DRAINING && reason == InstanceBlock.SCALE_IN) {
            return true;
        }
        blocks.put(instanceId, new Block(reason, now));
        return true;
    }

    @Override
    public synchronized void unblock(String instanceId, InstanceBlock reason) {
        blocks.computeIfPresent(instanceId, (id, b) -> b.reason() == reason ? null : b);
    }

    @Override
    public synchronized Map<String, InstanceBlock> blocks(Instant now) {
        Map<String, InstanceBlock> inForce = new LinkedHashMap<>();
        blocks.forEach((id, b) -> {
            if (b.reason().inForce(b.since(), now)) {
                inForce.put(id, b.reason());
            }
        });
        return inForce;
    }

    @Override
    public synchronized Map<String, LedgerEntry> protectedInstances() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(protectedInstances));
    }

    @Override
    public synchronized void addProtected(String autoScalingGroupName, Collection<String> instanceIds, Instant since) {
        instanceIds.forEach(id -> protectedInstances.put(id, new LedgerEntry(autoScalingGroupName, false)));
    }

    @Override
    public synchronized void confirmProtected(Collection<String> instanceIds, boolean confirmed) {
        instanceIds.forEach(id -> protectedInstances.computeIfPresent(id,
                (k, e) -> new LedgerEntry(e.autoScalingGroupName(), confirmed)));
    }

    @Override
    public synchronized void removeProtected(Collection<String> instanceIds) {
        instanceIds.forEach(protectedInstances::remove);
    }

    @Override
    public synchronized boolean own(String autoScalingGroupName, String node, Instant now, Duration hold) {
        Owner owner = owners.get(autoScalingGroupName);
        if (owner == null || owner.node().equals(node) || !now.isBefore(owner.until())) {
            owners.put(autoScalingGroupName, new Owner(node, now.plus(hold)));
            return true;
        }
        return false;
    }

    @Override
    public synchronized void record(Collection<LeaseEvent> recorded) {
        events.addAll(recorded);
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

    private List<Lease> live(String instanceId, Instant now) {
        return leasesOf(instanceId).stream().filter(l -> l.liveAt(now)).toList();
    }

    private Optional<InstanceBlock> blockOf(String instanceId, Instant now) {
        Block block = blocks.get(instanceId);
        return block != null && block.reason().inForce(block.since(), now) ? Optional.of(block.reason()) : Optional.empty();
    }
}
