package io.queueautoscaler.lease;

import io.dropwizard.lifecycle.Managed;
import io.queueautoscaler.fleet.Fleet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns leases into scale-in protection, on one thread. Each flush expires the leases nobody
 * renewed, writes the renewals behind, and per group protects the leased instances that are not
 * protected yet and lifts the protection it set on instances no longer leased: one
 * {@code SetInstanceProtection} per group and direction for up to 50 instances, so a hundred
 * workers starting at once cost a few calls, and a renewal costs none. A group whose call fails
 * waits with exponential backoff and jitter, and is compared with AWS (drift repair) before its
 * next attempt; every group is compared at start and every {@code repairEvery}.
 */
public final class ProtectionFlusher implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ProtectionFlusher.class);
    static final int MAX_INSTANCES_PER_CALL = 50;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final Leases leases;
    private final ProtectionLedger ledger;
    private final LeaseStore store;
    private final Fleet fleet;
    private final Clock clock;
    private final Duration interval;
    private final Duration repairEvery;
    private final Backoff backoff;
    private final DriftRepair repair;
    private final Set<String> repairDue = new HashSet<>();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private Instant nextFullRepair = Instant.MIN;
    private ScheduledExecutorService thread;

    public ProtectionFlusher(Leases leases, ProtectionLedger ledger, LeaseStore store, Fleet fleet, Clock clock,
                             Duration interval, Duration repairEvery, RandomGenerator random) {
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
        this.repair = new DriftRepair(fleet, leases, ledger);
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

    @Override
    public void stop() throws InterruptedException {
        if (thread != null) {
            thread.shutdown();
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
            flushQuietly(); // the last renewals
        }
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
        try {
            List<Lease> expired = leases.expire(now);
            if (!expired.isEmpty()) {
                LOG.info("{} lease(s) expired without renewal: {}", expired.size(),
                        expired.stream().map(Lease::instanceId).toList());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not store expired leases (they are gone from memory and expire again after a restart): {}", e.toString());
        }
        try {
            leases.persistRenewals();
        } catch (RuntimeException e) {
            LOG.warn("could not store renewals; retrying at the next flush: {}", e.toString());
        }
        Set<String> groups = new TreeSet<>(leases.groups());
        groups.addAll(ledger.groups());
        if (!now.isBefore(nextFullRepair)) {
            repairDue.addAll(groups);
            nextFullRepair = now.plus(repairEvery);
        }
        for (String group : groups) {
            if (!backoff.ready(group, now)) {
                continue;
            }
            try {
                if (repairDue.contains(group)) {
                    repair.repair(group);
                    repairDue.remove(group);
                }
                sync(group, now);
                backoff.succeeded(group);
            } catch (RuntimeException e) {
                Duration wait = backoff.failed(group, now);
                repairDue.add(group);
                LOG.warn("protection of group {} is not in sync (attempt {}), retrying in {} ms: {}", group,
                        backoff.failures(group), wait.toMillis(), e.getMessage());
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.error("protection flush failed", e);
        }
    }

    private void sync(String group, Instant now) {
        List<Lease> leased = leases.inGroup(group);
        Set<String> leasedIds = leased.stream().map(Lease::instanceId).collect(Collectors.toSet());
        List<String> alreadyOurs = new ArrayList<>();
        List<String> toProtect = new ArrayList<>();
        for (Lease lease : leased) {
            // A draining instance is terminating already: protecting it would only fail.
            if (!lease.protectedFromScaleIn() && leases.drainingSince(lease.instanceId()).isEmpty()) {
                (ledger.confirmed(lease.instanceId()) ? alreadyOurs : toProtect).add(lease.instanceId());
            }
        }
        leases.markProtected(alreadyOurs, true);
        List<String> toLift = ledger.instancesOf(group).stream().filter(id -> !leasedIds.contains(id)).toList();

        for (List<String> chunk : chunks(toProtect)) {
            ledger.claim(group, chunk);
            fleet.setProtection(group, chunk, true);
            ledger.confirm(chunk);
            leases.markProtected(chunk, true);
            audit(now, group, chunk, LeaseEvent.Type.PROTECTED);
        }
        for (List<String> chunk : chunks(toLift)) {
            fleet.setProtection(group, chunk, false);
            ledger.lift(chunk);
            // A lease taken on one of these since the snapshot is unprotected now: the next flush protects it again.
            leases.markProtected(chunk, false);
            audit(now, group, chunk, LeaseEvent.Type.UNPROTECTED);
        }
        if (!toProtect.isEmpty() || !toLift.isEmpty()) {
            LOG.info("group {}: protected {} instance(s), lifted protection of {} ({} call(s))", group,
                    toProtect.size(), toLift.size(), chunks(toProtect).size() + chunks(toLift).size());
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
