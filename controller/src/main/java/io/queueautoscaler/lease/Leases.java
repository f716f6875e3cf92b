package io.queueautoscaler.lease;

import io.queueautoscaler.db.DatabaseFailure;
import io.queueautoscaler.recommend.LeasedTasks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A node's access to the leases in the {@link LeaseStore}, which is the truth for every node.
 *
 * <p>Every write is stored before the worker gets its answer: takes and releases in their own
 * transaction, renewals by {@link GroupCommit} (renewals arriving together share one
 * transaction). An acknowledged renewal therefore survives a crash of the process.
 *
 * <p>Reads that decide (protection flushes, scale-in, the policies' lease counts) use the
 * {@link LeaseSnapshot} that the flusher reads from the store each flush interval, so a lease
 * taken or renewed on any node counts on every node within one interval. Reads a person or a
 * worker asks for ({@link #instance}, {@link #all}) go to the store.
 */
public final class Leases implements LeaseView, DrainingInstances {
    /** Longest a renewal waits for its commit before the worker is told to retry. */
    static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

    private final LeaseStore store;
    private final Clock clock;
    private final GroupCommit commits;
    private final LeaseSummary summary = new LeaseSummary();
    private volatile LeaseSnapshot snapshot = LeaseSnapshot.EMPTY;
    /** Groups of instances leased through this node since the last snapshot. */
    private final Map<String, String> recentGroups = new ConcurrentHashMap<>();
    /** Protection this node confirmed or lifted since the last snapshot. */
    private final Map<String, Boolean> recentProtection = new ConcurrentHashMap<>();
    /**
     * Leases released through this node since the group's policy last evaluated here, by group: in a
     * cluster each release is counted by the node that served it, once, whichever node evaluates.
     */
    private final Map<String, LeasedTasks> released = new ConcurrentHashMap<>();

    private Leases(LeaseStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.commits = new GroupCommit(store);
    }

    /**
     * The stored leases, read before the API serves. A lease that expired while no daemon ran is
     * kept one more of its periods, so that its worker (which may have been refused or unanswered
     * meanwhile) gets to renew it before its instance loses its protection.
     */
    public static Leases restore(LeaseStore store, Clock clock) {
        Leases leases = new Leases(store, clock);
        store.grace(leases.now());
        leases.refresh();
        return leases;
    }

    /**
     * Renews these holders' live leases for {@code period}, stored before this returns; returns,
     * in order, each one's new expiry, or empty for a holder with no live lease (take one).
     *
     * @throws LeaseRefusedException UNAVAILABLE when the store does not commit in time
     */
    public List<Optional<Instant>> renew(String instanceId, List<String> holders, Duration period) {
        Instant now = now();
        List<Renewal> renewals = holders.stream().map(h -> new Renewal(instanceId, h, now, period)).toList();
        try {
            List<Boolean> renewed = commits.submit(renewals).get(COMMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            summary.renewed(renewed.stream().filter(Boolean::booleanValue).count());
            List<Optional<Instant>> expiries = new ArrayList<>(renewed.size());
            for (int i = 0; i < renewed.size(); i++) {
                expiries.add(renewed.get(i) ? Optional.of(renewals.get(i).expiresAt()) : Optional.empty());
            }
            return expiries;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while storing the renewal", e);
        } catch (ExecutionException e) {
            throw unavailable("cannot store the renewal: " + DatabaseFailure.describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw unavailable("the renewal was not stored within " + COMMIT_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** Takes the holder's lease (or renews it, if live), stored before this returns. */
    public TakeOutcome take(Lease lease) {
        TakeOutcome outcome = store.take(lease, Holders.MAX_PER_INSTANCE);
        if (outcome == TakeOutcome.TAKEN || outcome == TakeOutcome.RENEWED) {
            recentGroups.put(lease.instanceId(), lease.autoScalingGroupName());
        }
        if (outcome == TakeOutcome.TAKEN) {
            summary.taken();
        } else if (outcome == TakeOutcome.RENEWED) {
            summary.renewed(1);
        }
        return outcome;
    }

    /** Releases the holder's lease, stored before this returns; empty when it had none. */
    public Optional<Lease> release(String instanceId, String holder) {
        Instant now = now();
        Optional<Lease> lease = store.release(instanceId, holder, now);
        lease.ifPresent(l -> {
            summary.released();
            double seconds = Math.max(0, Duration.between(l.takenAt(), now).toMillis() / 1000.0);
            released.merge(l.autoScalingGroupName(), new LeasedTasks(1, seconds), LeasedTasks::plus);
        });
        return lease;
    }

    /** What workers did with their leases through this node, for the periodic summary line. */
    public LeaseSummary summary() {
        return summary;
    }

    /** Revokes every holder's lease of the instance; returns them. */
    public List<Lease> revoke(String instanceId, String by) {
        return store.revoke(instanceId, now(), by);
    }

    /** The instance's live leases as stored now, if it has any. */
    public Optional<InstanceLeases> instance(String instanceId) {
        return view(instanceId, store.leasesOf(instanceId), now());
    }

    /** Every instance with live leases as stored now, by instance ID. */
    public List<InstanceLeases> all() {
        Instant now = now();
        Map<String, List<Lease>> byInstance = new LinkedHashMap<>();
        store.leases().forEach(l -> byInstance.computeIfAbsent(l.instanceId(), id -> new ArrayList<>()).add(l));
        List<InstanceLeases> all = new ArrayList<>();
        byInstance.forEach((id, leases) -> view(id, leases, now).ifPresent(all::add));
        return all;
    }

    /** The group of a leased instance: from the snapshot, a take through this node, or the store. */
    public Optional<String> groupOf(String instanceId) {
        String group = snapshot.groupOf(instanceId);
        if (group == null) {
            group = recentGroups.get(instanceId);
        }
        if (group != null) {
            return Optional.of(group);
        }
        return store.leasesOf(instanceId).stream().map(Lease::autoScalingGroupName).findFirst();
    }

    /** Protected from scale-in as far as this node knows (at most one flush interval behind another node's call). */
    public boolean isProtected(String instanceId) {
        Boolean recent = recentProtection.get(instanceId);
        return recent != null ? recent : snapshot.isProtected(instanceId);
    }

    public boolean isDraining(String instanceId) {
        return snapshot.draining(instanceId);
    }

    /** Reads leases, ledger and blocks from the store: what this node decides from until the next read. */
    LeaseSnapshot refresh() {
        Instant now = now();
        LeaseSnapshot read = new LeaseSnapshot(store.leases(), store.protectedInstances(), store.blocks(now));
        snapshot = read;
        recentGroups.clear();
        recentProtection.clear();
        return read;
    }

    LeaseSnapshot snapshot() {
        return snapshot;
    }

    /** This node's flusher confirmed or lifted protection: answer so at once, not only after the next read. */
    void markProtected(Collection<String> instanceIds, boolean isProtected) {
        instanceIds.forEach(id -> recentProtection.put(id, isProtected));
    }

    void stop() throws InterruptedException {
        commits.stop(COMMIT_TIMEOUT);
    }

    @Override
    public LeasedTasks takeReleasedTasks(String autoScalingGroupName) {
        LeasedTasks tasks = released.remove(autoScalingGroupName);
        return tasks == null ? LeasedTasks.NONE : tasks;
    }

    @Override
    public Map<String, Instant> liveLeases(String autoScalingGroupName) {
        return snapshot.liveInstances(autoScalingGroupName, clock.instant());
    }

    /**
     * Claims the instance for termination unless it has a live lease, in the same step as a take's
     * check (see {@link LeaseStore#block}): a lease and a termination never both win. When the
     * store cannot answer, the claim fails: no instance is terminated blind.
     */
    @Override
    public boolean claimForScaleIn(String instanceId) {
        try {
            return store.block(instanceId, InstanceBlock.SCALE_IN, now(), true);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void releaseClaim(String instanceId) {
        store.unblock(instanceId, InstanceBlock.SCALE_IN);
    }

    @Override
    public void markDraining(String instanceId) {
        store.block(instanceId, InstanceBlock.DRAINING, now(), false);
    }

    @Override
    public boolean hasLiveHolders(String instanceId) {
        Instant now = clock.instant();
        return store.leasesOf(instanceId).stream().anyMatch(l -> l.liveAt(now));
    }

    private Optional<InstanceLeases> view(String instanceId, List<Lease> leases, Instant now) {
        List<Lease> live = leases.stream().filter(l -> l.liveAt(now)).toList();
        if (live.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new InstanceLeases(instanceId, live.get(0).autoScalingGroupName(), isProtected(instanceId),
                isDraining(instanceId), live));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static LeaseRefusedException unavailable(String message, Throwable cause) {
        return new LeaseRefusedException(LeaseRefusedException.Refusal.UNAVAILABLE, message + "; retry shortly", cause);
    }
}
