package io.queueautoscaler.lease;

import io.dropwizard.lifecycle.Managed;
import io.queueautoscaler.fleet.Fleet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns leases into scale-in protection, on one thread. Each flush reads the leases, the ledger
 * and the blocks from the store (every node's writes), and for each group this node owns expires
 * the leases nobody renewed, then protects the leased instances that are not protected yet and
 * lifts the protection it set on instances no longer leased: one {@code SetInstanceProtection}
 * per group and direction for up to 50 instances, so a hundred workers starting at once cost a
 * few calls, and a renewal costs none. A group whose call fails waits with exponential backoff
 * and jitter, and is compared with AWS (drift repair) before its next attempt; every group is
 * compared when this node takes it over and every {@code repairEvery}.
 *
 * <p>One node at a time makes a group's calls: the group's row in the store names its owner until
 * a time (see {@link LeaseStore#own}). A row with an end time rather than a database session lock,
 * because it works the same on H2 and PostgreSQL, through any connection of a pool, and a node
 * that hangs loses its groups when its time runs out instead of when its TCP connection dies.
 * The owner renews at half time and stops calling AWS once its own time is over; another node
 * takes the group over at most {@code 1.5 x ownership} after the owner stopped.
 */
public final class ProtectionFlusher implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ProtectionFlusher.class);
    static final int MAX_INSTANCES_PER_CALL = 50;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final Duration MIN_OWNERSHIP = Duration.ofSeconds(5);
    /** How long a stop waits for the flushes when nothing says otherwise. */
    public static final Duration DEFAULT_STOP = Duration.ofSeconds(10);
    private static final Duration OUTAGE_REMINDER = Duration.ofMinutes(1);

    private final Leases leases;
    private final ProtectionLedger ledger;
    private final LeaseStore store;
    private final Fleet fleet;
    private final Clock clock;
    private final Duration interval;
    private final Duration repairEvery;
    private final Backoff backoff;
    private final DriftRepair repair;
    private final String node;
    private final Duration ownership;
    private final Set<String> repairDue = new HashSet<>();
    /** Groups this node owns, until when; and groups another node owns, when to ask again. */
    private final Map<String, Instant> ownedUntil = new HashMap<>();
    private final Map<String, Instant> askAgainAt = new HashMap<>();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private Instant nextFullRepair = Instant.MIN;
    /** Since when the store has not answered a read (null while it answers), how often, and when to say so again. */
    private Instant unreadableSince;
    private long failedReads;
    private Instant nextOutageReminder;
    private ScheduledExecutorService thread;

    /**
     * @param node a name for this process that no other node of the cluster has
     */
    public ProtectionFlusher(Leases leases, ProtectionLedger ledger, LeaseStore store, Fleet fleet, Clock clock,
                             Duration interval, Duration repairEvery, RandomGenerator random, String node) {
        if (interval.toMillis() < 10 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("the flush interval must be from 10 ms to 1 minute, was " + interval);
        }
        this.leases = leases;
        this.ledger = ledger;
        this.store = store;
        this.fleet = fleet;
        this.clock = clock;
        this.interval = interval;
        this.repairEvery = repairEvery;
        this.backoff = new Backoff(interval, MAX_BACKOFF.compareTo(interval) < 0 ? interval : MAX_BACKOFF, random);
        this.repair = new DriftRepair(fleet, store, ledger);
        this.node = node;
        Duration fiveFlushes = interval.multipliedBy(5);
        this.ownership = fiveFlushes.compareTo(MIN_OWNERSHIP) > 0 ? fiveFlushes : MIN_OWNERSHIP;
    }

    @Override
    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "protection-flusher");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::flushQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops within {@link #DEFAULT_STOP}; see {@link #stop(Duration)}. */
    @Override
    public void stop() throws InterruptedException {
        stop(DEFAULT_STOP);
    }

    /**
     * Stops: the flush in progress and one last flush, so that leases released just before the
     * stop have their protection lifted, get {@code within}; a flush still running then is
     * interrupted, and the node that owns the groups next (or this one after its restart) compares
     * them with AWS before acting. The renewals still queued are committed last.
     */
    public void stop(Duration within) throws InterruptedException {
        if (thread != null) {
            try {
                thread.execute(this::flushQuietly);
            } catch (RejectedExecutionException e) {
                // stopped already
            }
            thread.shutdown();
            if (!thread.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("stopping: the last protection flush did not end within {} ms (AWS or the database is slow); "
                        + "it is cut short, and protection is compared with AWS when a node next owns the groups",
                        within.toMillis());
                thread.shutdownNow();
            }
        }
        leases.stop(); // the renewals still queued are committed first
    }

    /**
     * Asks for a flush soon: a new or released lease should not wait a whole interval. Nudges
     * within the coalescing delay share one flush, so a burst of new leases still makes few calls.
     */
    public void nudge() {
        ScheduledExecutorService running = thread;
        if (running != null && nudged.compareAndSet(false, true)) {
            try {
                running.schedule(this::flushQuietly, coalescingDelay().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                nudged.set(false); // stopping
            }
        }
    }

    Duration coalescingDelay() {
        return interval.dividedBy(4);
    }

    /** One flush; never throws. */
    public synchronized void flush() {
        nudged.set(false);
        Instant now = clock.instant();
        Optional<LeaseSnapshot> read = read();
        if (read.isEmpty()) {
            return;
        }
        LeaseSnapshot snapshot = read.get();
        if (!now.isBefore(nextFullRepair)) {
            repairDue.addAll(snapshot.groups());
            nextFullRepair = now.plus(repairEvery);
        }
        List<String> owned = snapshot.groups().stream().filter(g -> backoff.ready(g, now) && owns(g, now)).toList();
        if (owned.isEmpty()) {
            return;
        }
        if (expireAndRepair(owned, snapshot, now)) {
            read = read();
            if (read.isEmpty()) {
                return;
            }
            snapshot = read.get();
        }
        for (String group : owned) {
            try {
                sync(group, snapshot, now);
                backoff.succeeded(group);
            } catch (RuntimeException e) {
                failed(group, now, e);
            }
        }
    }

    /**
     * The leases, ledger and blocks as the database has them now; empty when it cannot answer. An
     * outage is said when it starts, once a minute while it lasts, and when it ends, not at every
     * flush.
     */
    private Optional<LeaseSnapshot> read() {
        try {
            LeaseSnapshot snapshot = leases.refresh();
            ledger.refresh(snapshot.ledger());
            if (unreadableSince != null) {
                LOG.info("the database answers again after {} s and {} failed read(s): protection flushes resume",
                        Duration.between(unreadableSince, clock.instant()).toSeconds(), failedReads);
                unreadableSince = null;
            }
            return Optional.of(snapshot);
        } catch (RuntimeException e) {
            Instant now = clock.instant();
            failedReads = unreadableSince == null ? 1 : failedReads + 1;
            if (unreadableSince == null) {
                unreadableSince = now;
                nextOutageReminder = now.plus(OUTAGE_REMINDER);
                LOG.warn("cannot read the leases from the database; protection stays as it is until a flush can: {}",
                        e.toString());
            } else if (!now.isBefore(nextOutageReminder)) {
                nextOutageReminder = now.plus(OUTAGE_REMINDER);
                LOG.warn("still cannot read the leases from the database after {} s ({} failed reads); protection "
                        + "stays as it is: {}", Duration.between(unreadableSince, now).toSeconds(), failedReads,
                        e.toString());
            }
            return Optional.empty();
        }
    }

    /** Whether this node makes the group's calls now; asks the store at half time, and never past the end of its time. */
    private boolean owns(String group, Instant now) {
        Instant until = ownedUntil.get(group);
        if (until != null && now.isBefore(until.minus(ownership.dividedBy(2)))) {
            return true;
        }
        Instant retry = askAgainAt.get(group);
        if (until == null && retry != null && now.isBefore(retry)) {
            return false;
        }
        boolean owner;
        try {
            owner = store.own(group, node, now, ownership);
        } catch (RuntimeException e) {
            LOG.warn("cannot renew this node's ownership of group {} in the database: {}", group, e.toString());
            owner = false;
        }
        if (owner) {
            if (until == null) {
                LOG.debug("node {} now makes the protection calls of group {}", node, group);
                repairDue.add(group); // compare with AWS before acting on what the previous owner left
            }
            ownedUntil.put(group, now.plus(ownership));
            askAgainAt.remove(group);
            return true;
        }
        if (until != null) {
            LOG.info("node {} no longer makes the protection calls of group {}: another node took it over", node, group);
        }
        ownedUntil.remove(group);
        askAgainAt.put(group, now.plus(ownership.dividedBy(2)));
        return false;
    }

    /** Expires the owned groups' unrenewed leases and repairs the groups due; returns whether any lease changed. */
    private boolean expireAndRepair(List<String> owned, LeaseSnapshot snapshot, Instant now) {
        Set<String> ownedSet = Set.copyOf(owned);
        boolean changed = false;
        List<Lease> due = snapshot.leases().stream()
                .filter(l -> !l.liveAt(now) && ownedSet.contains(l.autoScalingGroupName())).toList();
        try {
            List<Lease> expired = store.expire(due, now);
            if (!expired.isEmpty()) {
                changed = true;
                leases.summary().expired(expired.size());
                LOG.debug("{} lease(s) expired without renewal: {}", expired.size(),
                        expired.stream().map(l -> l.instanceId() + "/" + l.holder()).toList());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not store {} expired lease(s); they expire at the next flush: {}", due.size(), e.toString());
        }
        for (String group : owned) {
            if (!repairDue.contains(group)) {
                continue;
            }
            try {
                changed |= repair.repair(group, snapshot, now);
                repairDue.remove(group);
            } catch (RuntimeException e) {
                failed(group, now, e);
            }
        }
        return changed;
    }

    private void failed(String group, Instant now, RuntimeException e) {
        Duration wait = backoff.failed(group, now);
        repairDue.add(group);
        LOG.warn("protection of group {} is not in sync (attempt {}), retrying in {} ms: {}", group,
                backoff.failures(group), wait.toMillis(), e.getMessage());
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.error("protection flush failed; the next flush tries again: {}", e.toString());
            LOG.debug("protection flush failure", e);
        }
    }

    private void sync(String group, LeaseSnapshot snapshot, Instant now) {
        Set<String> leased = snapshot.liveInstances(group, now).keySet();
        // A draining instance is in Terminating:Wait already: protecting it would only fail.
        List<String> toProtect = leased.stream()
                .filter(id -> !ledger.confirmed(id) && !snapshot.protectedByOther(id) && !snapshot.draining(id))
                .toList();
        List<String> unleased = ledger.instancesOf(group).stream().filter(id -> !leased.contains(id)).toList();
        // From here on a new lease on these is told "not protected" (and waits for the next flush), so no
        // worker starts a task believing in a protection about to be lifted; then a lease taken since the
        // snapshot (on any node) keeps its instance's protection after all.
        leases.markProtected(unleased, false);
        ledger.unconfirm(unleased);
        Set<String> leasedSince = unleased.isEmpty() ? Set.of() : store.leasedAmong(unleased, clock.instant());
        List<String> toLift = unleased.stream().filter(id -> !leasedSince.contains(id)).toList();
        ledger.confirm(leasedSince);
        leases.markProtected(leasedSince, true);

        for (List<String> chunk : chunks(toProtect)) {
            checkStillOwner(group);
            ledger.claim(group, chunk);
            fleet.setProtection(group, chunk, true);
            ledger.confirm(chunk);
            leases.markProtected(chunk, true);
            audit(now, group, chunk, LeaseEvent.Type.PROTECTED);
        }
        for (List<String> chunk : chunks(toLift)) {
            checkStillOwner(group);
            fleet.setProtection(group, chunk, false);
            ledger.lift(chunk);
            leases.markProtected(chunk, false);
            audit(now, group, chunk, LeaseEvent.Type.UNPROTECTED);
        }
        if (!toProtect.isEmpty() || !toLift.isEmpty()) {
            leases.summary().protectionSet(toProtect.size(), toLift.size());
            LOG.debug("group {}: protected {} instance(s), lifted protection of {} ({} call(s))", group,
                    toProtect.size(), toLift.size(), chunks(toProtect).size() + chunks(toLift).size());
        }
    }

    /** A node whose ownership ran out (a long pause, a slow call) makes no more calls: another may own the group now. */
    private void checkStillOwner(String group) {
        Instant until = ownedUntil.get(group);
        if (until == null || !clock.instant().isBefore(until)) {
            ownedUntil.remove(group);
            throw new IllegalStateException("node " + node + "'s ownership of group " + group
                    + " ran out before its protection calls were done");
        }
    }

    private void audit(Instant now, String group, List<String> ids, LeaseEvent.Type type) {
        try {
            store.record(ids.stream().map(id -> new LeaseEvent(now, id, group, type, "")).toList());
        } catch (RuntimeException e) {
            LOG.warn("could not record {} {} events of group {}: {}", ids.size(), type, group, e.toString());
        }
    }

    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += MAX_INSTANCES_PER_CALL) {
            chunks.add(ids.subList(from, Math.min(ids.size(), from + MAX_INSTANCES_PER_CALL)));
        }
        return chunks;
    }
}
