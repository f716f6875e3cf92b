package io.queueautoscaler.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases, served from memory and backed by a {@link LeaseStore}.
 *
 * <p>Taking and releasing a lease are written through: the store has them before the worker gets
 * its answer, so a restart never loses a taken lease nor revives a released one. Renewals, the
 * bulk of the traffic, only touch memory; the flusher writes their expiries behind, in one batch
 * per flush interval. A crash can therefore lose the renewals of the last interval: each such
 * lease keeps the expiry of its previous renewal, one renewal period earlier, and since workers
 * renew at a fraction of the lease it is still live after the restart, until the worker's next
 * renewal restores it. A lost renewal shortens a lease by at most one renewal period; it never
 * loses the lease.
 *
 * <p>Writes of one instance's lease are serialized by the map's per-key compute, so the store
 * sees them in the order the workers' requests were answered.
 */
public final class Leases implements LeaseView {
    private final LeaseStore store;
    private final Clock clock;
    private final ConcurrentHashMap<String, Lease> byInstance = new ConcurrentHashMap<>();
    /** Instances renewed since their expiry was last stored. */
    private final Set<String> renewed = ConcurrentHashMap.newKeySet();
    /** Instances claimed for termination, and when: no lease is granted on them any more. */
    private final ConcurrentHashMap<String, Instant> retiring = new ConcurrentHashMap<>();

    /** Instances held in Terminating:Wait until their leases end, and since when: their live lease renews, no new one is taken. */
    private final ConcurrentHashMap<String, Instant> draining = new ConcurrentHashMap<>();

    /** How long a claim for termination refuses leases: longer than any termination takes. */
    static final Duration RETIRING = Duration.ofMinutes(15);

    private Leases(LeaseStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The stored leases, live or not (the flusher expires the dead ones); none is protected until repair says so. */
    public static Leases restore(LeaseStore store, Clock clock) {
        Leases leases = new Leases(store, clock);
        store.leases().forEach(l -> leases.byInstance.put(l.instanceId(), l.withProtection(false)));
        return leases;
    }

    /** Renews the live lease of the instance, in memory only; empty when it has none. */
    public Optional<Lease> renew(String instanceId, Duration duration) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Lease[] renewedLease = {null};
        byInstance.computeIfPresent(instanceId, (id, lease) -> {
            if (!lease.liveAt(now)) {
                return lease; // expired: the caller takes a new lease
            }
            renewedLease[0] = lease.renewedUntil(now.plus(duration));
            return renewedLease[0];
        });
        if (renewedLease[0] == null) {
            return Optional.empty();
        }
        renewed.add(instanceId);
        return Optional.of(renewedLease[0]);
    }

    /**
     * Takes a lease on the instance, stored before this returns, or renews its live lease if a
     * concurrent request took one first. {@code alreadyProtected}: someone else protected the
     * instance, so the lease is protected at once and the daemon never sets nor lifts it.
     */
    public Lease take(String instanceId, String autoScalingGroupName, Duration duration, boolean alreadyProtected) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean[] wasRenewal = {false};
        Lease lease = byInstance.compute(instanceId, (id, existing) -> {
            if (existing != null && existing.liveAt(now)) {
                wasRenewal[0] = true;
                return existing.renewedUntil(now.plus(duration));
            }
            Instant drainingSince = draining.get(id);
            if (drainingSince != null) {
                throw new LeaseRefusedException(LeaseRefusedException.Refusal.CONFLICT, drainingMessage(id, drainingSince));
            }
            Instant claimed = retiring.get(id);
            if (claimed != null && now.isBefore(claimed.plus(RETIRING))) {
                throw new LeaseRefusedException(LeaseRefusedException.Refusal.CONFLICT, "instance " + id
                        + " is being scaled in (claimed at " + claimed + "): stop taking work on it");
            }
            Lease taken = Lease.take(id, autoScalingGroupName, now, duration, alreadyProtected);
            String detail = "for " + duration.toSeconds() + " s" + (alreadyProtected ? "; already protected by someone else" : "")
                    + (existing != null ? "; replaces a lease that expired at " + existing.expiresAt() : "");
            store.insert(taken, new LeaseEvent(now, id, autoScalingGroupName, LeaseEvent.Type.TAKEN, detail));
            return taken;
        });
        if (wasRenewal[0]) {
            renewed.add(instanceId);
        }
        return lease;
    }

    /**
     * Claims the instance for termination unless it holds a live lease. Runs in the same per-key
     * step as {@link #take}, so a lease and a termination can never both win.
     */
    @Override
    public boolean claimForScaleIn(String instanceId) {
        Instant now = clock.instant();
        boolean[] claimed = {false};
        byInstance.compute(instanceId, (id, existing) -> {
            if (existing == null || !existing.liveAt(now)) {
                retiring.put(id, now);
                claimed[0] = true;
            }
            return existing;
        });
        retiring.values().removeIf(at -> now.isAfter(at.plus(RETIRING)));
        return claimed[0];
    }

    @Override
    public void releaseClaim(String instanceId) {
        retiring.remove(instanceId);
    }

    /**
     * Marks the instance draining: its live lease may still be renewed, no new lease is taken. Runs
     * in the same per-key step as {@link #take}, so that once this returns, {@link #find} shows
     * every lease taken before and none can be taken after.
     */
    public void markDraining(String instanceId) {
        Instant now = clock.instant();
        byInstance.compute(instanceId, (id, existing) -> {
            draining.putIfAbsent(id, now);
            return existing;
        });
    }

    /** Since when the instance drains; empty when it does not. */
    public Optional<Instant> drainingSince(String instanceId) {
        return Optional.ofNullable(draining.get(instanceId));
    }

    /** The instance left its group: it is no longer draining. */
    public void forgetDraining(String instanceId) {
        draining.remove(instanceId);
    }

    static String drainingMessage(String instanceId, Instant since) {
        return "instance " + instanceId + " is draining (held in Terminating:Wait by its lifecycle hook since " + since
                + "): it takes no new lease and its running work finishes; take no new work on it";
    }

    /** Releases the instance's lease, stored before this returns; false when it had none. */
    public boolean release(String instanceId) {
        Instant now = clock.instant();
        boolean[] released = {false};
        byInstance.computeIfPresent(instanceId, (id, lease) -> {
            store.delete(List.of(lease), List.of(new LeaseEvent(now, id, lease.autoScalingGroupName(),
                    LeaseEvent.Type.RELEASED, lease.liveAt(now) ? "" : "after it expired at " + lease.expiresAt())));
            released[0] = true;
            return null;
        });
        return released[0];
    }

    /** The instance's live lease. */
    public Optional<Lease> find(String instanceId) {
        Lease lease = byInstance.get(instanceId);
        return lease != null && lease.liveAt(clock.instant()) ? Optional.of(lease) : Optional.empty();
    }

    /** Every live lease, by instance ID. */
    public List<Lease> live() {
        Instant now = clock.instant();
        return byInstance.values().stream().filter(l -> l.liveAt(now))
                .sorted(Comparator.comparing(Lease::instanceId)).toList();
    }

    @Override
    public Map<String, Instant> liveLeases(String autoScalingGroupName) {
        Instant now = clock.instant();
        Map<String, Instant> live = new LinkedHashMap<>();
        byInstance.values().stream()
                .filter(l -> l.autoScalingGroupName().equals(autoScalingGroupName) && l.liveAt(now))
                .sorted(Comparator.comparing(Lease::instanceId))
                .forEach(l -> live.put(l.instanceId(), l.expiresAt()));
        return live;
    }

    /** Every lease of the group, expired or not: the flusher expires first, then reads. */
    List<Lease> inGroup(String autoScalingGroupName) {
        return byInstance.values().stream().filter(l -> l.autoScalingGroupName().equals(autoScalingGroupName))
                .sorted(Comparator.comparing(Lease::instanceId)).toList();
    }

    Set<String> groups() {
        Set<String> groups = new TreeSet<>();
        byInstance.values().forEach(l -> groups.add(l.autoScalingGroupName()));
        return groups;
    }

    /** Removes and deletes the leases that are past their expiry; returns them. */
    List<Lease> expire(Instant now) {
        List<Lease> expired = new ArrayList<>();
        for (Lease lease : byInstance.values()) {
            // remove(key, value) fails if a renewal or a new taking changed the entry meanwhile
            if (!lease.liveAt(now) && byInstance.remove(lease.instanceId(), lease)) {
                expired.add(lease);
            }
        }
        store.delete(expired, expired.stream().map(l -> new LeaseEvent(now, l.instanceId(), l.autoScalingGroupName(),
                LeaseEvent.Type.EXPIRED, "not renewed by " + l.expiresAt())).toList());
        return expired;
    }

    /** Removes and deletes the leases of instances that left their group. */
    void drop(Collection<String> instanceIds, String why) {
        Instant now = clock.instant();
        List<Lease> dropped = new ArrayList<>();
        for (String id : instanceIds) {
            Lease lease = byInstance.remove(id);
            if (lease != null) {
                dropped.add(lease);
            }
        }
        store.delete(dropped, dropped.stream().map(l -> new LeaseEvent(now, l.instanceId(), l.autoScalingGroupName(),
                LeaseEvent.Type.DROPPED, why)).toList());
    }

    void markProtected(Collection<String> instanceIds, boolean isProtected) {
        instanceIds.forEach(id -> byInstance.computeIfPresent(id, (k, lease) -> lease.withProtection(isProtected)));
    }

    /** Writes the expiries renewed since the last call, in one batch; returns how many. */
    int persistRenewals() {
        List<Lease> batch = new ArrayList<>();
        for (Iterator<String> it = renewed.iterator(); it.hasNext(); ) {
            String id = it.next();
            it.remove(); // a renewal after this point marks the instance again for the next flush
            Lease lease = byInstance.get(id);
            if (lease != null) {
                batch.add(lease);
            }
        }
        try {
            store.updateExpiries(batch);
        } catch (RuntimeException e) {
            batch.forEach(l -> renewed.add(l.instanceId()));
            throw e;
        }
        return batch.size();
    }
}
