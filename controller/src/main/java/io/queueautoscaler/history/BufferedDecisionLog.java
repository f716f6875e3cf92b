package io.queueautoscaler.history;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.queueautoscaler.db.DatabaseFailure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records decisions off the evaluation thread: {@link #append} puts the decision in a bounded
 * buffer and returns at once (the decision's id stays 0), and one writer thread drains the
 * buffer to the store in batches, in order. A slow or absent database delays the history, never
 * an evaluation: while the store fails, the decisions wait and are written when it answers.
 *
 * <p>A decision that repeats the policy's latest waiting one (see {@link Decision#repeatedBy}) is
 * folded into it, as the store folds them, so idle policies hold one record each however long
 * the database is away. Past {@code capacity} records the oldest waiting unchanged record is
 * dropped to make room, else the oldest of any kind: changes and failures are kept longest.
 * Drops are counted ({@code decisions.dropped}) and summed up in the log once a minute.
 *
 * <p>Reads go to the store: they show a decision once it is written, normally well under a
 * second after it is made, and not before the database answers again.
 */
public final class BufferedDecisionLog extends ForwardingDecisionLog implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(BufferedDecisionLog.class);
    static final int MAX_BATCH = 500;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration STOPPING_RETRY = Duration.ofMillis(200);
    private static final Duration DROP_SUMMARY_EVERY = Duration.ofMinutes(1);

    /** A waiting record; {@code writing} while the writer has it in a batch, when nothing may fold into it. */
    private static final class Waiting {
        Decision decision;
        boolean writing;

        Waiting(Decision decision) {
            this.decision = decision;
        }
    }

    private final DecisionLog store;
    private final int capacity;
    private final Duration flushDeadline;
    private final Duration firstRetry;
    private final Meter received;
    private final Meter dropped;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** The newest waiting record of each policy, which the policy's next decision may fold into. */
    private final Map<String, Waiting> newest = new HashMap<>();
    private final Thread writer = new Thread(this::run, "decision-writer");
    private boolean stopping;
    private int droppedSinceSummary;
    private long lastSummaryNanos = System.nanoTime();
    private long failingSinceNanos;
    /** Whether the writer waits out a retry pause with nothing in its hands. */
    private boolean pausing;
    /**
     * Set by a {@link #stop} whose deadline passed: the writer ends at its next step. A flag of its
     * own, as the interrupt that follows may be swallowed by the connection pool.
     */
    private volatile boolean gaveUp;

    /**
     * @param store         where decisions end up (the database)
     * @param capacity      how many records may wait
     * @param flushDeadline how long {@link #stop} waits for the waiting decisions to be written
     */
    public BufferedDecisionLog(DecisionLog store, int capacity, Duration flushDeadline, MetricRegistry metrics) {
        this(store, capacity, flushDeadline, metrics, FIRST_RETRY);
    }

    /** As above, with the first pause after a failed write; it doubles with each failure, up to ten times the first. */
    BufferedDecisionLog(DecisionLog store, int capacity, Duration flushDeadline, MetricRegistry metrics,
            Duration firstRetry) {
        super(store);
        if (capacity < 1) {
            throw new IllegalArgumentException("the decision buffer holds at least 1 record, not " + capacity);
        }
        this.store = store;
        this.capacity = capacity;
        this.flushDeadline = flushDeadline;
        this.firstRetry = firstRetry;
        this.received = metrics.meter("decisions.received");
        this.dropped = metrics.meter("decisions.dropped");
        metrics.gauge("decisions.buffered", () -> (Gauge<Integer>) this::waiting);
        writer.setDaemon(true);
    }

    @Override
    public void start() {
        writer.start();
    }

    /** Returns at once; the decision is written by the writer thread. */
    @Override
    public Decision append(Decision decision) {
        received.mark(decision.repeated());
        lock.lock();
        try {
            Waiting last = newest.get(decision.policy());
            if (last != null && !last.writing && last.decision.repeatedBy(decision)) {
                last.decision = last.decision.foldIn(decision);
                return decision;
            }
            if (waiting.size() >= capacity) {
                dropOne();
            }
            Waiting added = new Waiting(decision);
            waiting.addLast(added);
            newest.put(decision.policy(), added);
            changed.signalAll();
            return decision;
        } finally {
            lock.unlock();
        }
    }

    /** Records waiting to be written (a folded run counts once). */
    public int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    private void dropOne() {
        Waiting victim = oldest(true);
        if (victim == null) {
            victim = oldest(false);
        }
        if (victim == null) {
            return; // every record is being written: the buffer runs over by one batch at most
        }
        waiting.remove(victim);
        newest.remove(victim.decision.policy(), victim);
        int count = victim.decision.repeated();
        dropped.mark(count);
        droppedSinceSummary += count;
        long now = System.nanoTime();
        if (now - lastSummaryNanos >= DROP_SUMMARY_EVERY.toNanos()) {
            LOG.error("decision buffer full ({} records waiting for the database): dropped {} decision(s) in the last {} s, "
                            + "oldest unchanged ones first; the application log above has each that changed capacity or failed. "
                            + "Bring the database back, or raise history.bufferSize", capacity, droppedSinceSummary,
                    TimeUnit.NANOSECONDS.toSeconds(now - lastSummaryNanos));
            droppedSinceSummary = 0;
            lastSummaryNanos = now;
        }
    }

    private Waiting oldest(boolean unchangedOnly) {
        for (Waiting w : waiting) {
            if (!w.writing && (!unchangedOnly || w.decision.outcome() == Outcome.UNCHANGED)) {
                return w;
            }
        }
        return null;
    }

    /** Writes until stopped, or at once when a {@link #stop} gave up on the database. */
    private void run() {
        int failures = 0;
        while (!gaveUp) {
            List<Waiting> batch = nextBatch();
            if (batch.isEmpty()) {
                return;
            }
            try {
                store.appendAll(batch.stream().map(w -> w.decision).toList());
                written(batch);
                if (failures > 0) {
                    LOG.info("the database answers again: writing the decisions that waited {} s",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - failingSinceNanos));
                }
                failures = 0;
            } catch (RuntimeException e) {
                if (gaveUp) {
                    return; // the failure may be the interrupt's, not the database's: stop() has counted what is left
                }
                if (!DatabaseFailure.isUnavailable(e) && batch.size() > 1) {
                    writeAlone(batch);
                    continue;
                }
                if (!DatabaseFailure.isUnavailable(e)) {
                    LOG.error("the database refused decision {} of policy {}; it is not kept in the history (the application "
                            + "log has it if it changed capacity or failed)", batch.get(0).decision.time(), batch.get(0).decision.policy(), e);
                    written(batch);
                    continue;
                }
                release(batch);
                if (failures++ == 0) {
                    failingSinceNanos = System.nanoTime();
                    LOG.warn("cannot write decisions to the database ({}): they wait in memory, {} now, up to {}, and are "
                                    + "written when it answers; evaluations go on. Check the database and the network to it",
                            e.toString(), waiting(), capacity);
                }
                pause(firstRetry.multipliedBy(Math.min(1L << Math.min(failures - 1, 4), 10)));
            }
        }
    }

    /** After a batch the database refused (not for being away): each decision alone, so one bad one costs only itself. */
    private void writeAlone(List<Waiting> batch) {
        for (int i = 0; i < batch.size(); i++) {
            Waiting w = batch.get(i);
            try {
                store.appendAll(List.of(w.decision));
                written(List.of(w));
            } catch (RuntimeException e) {
                if (DatabaseFailure.isUnavailable(e) || gaveUp) {
                    release(batch.subList(i, batch.size()));
                    return;
                }
                LOG.error("the database refused decision {} of policy {}; it is not kept in the history (the application "
                        + "log has it if it changed capacity or failed)", w.decision.time(), w.decision.policy(), e);
                written(List.of(w));
            }
        }
    }

    /** Waits for waiting records; empty once stopping and nothing is left, or when the writer is interrupted. */
    private List<Waiting> nextBatch() {
        lock.lock();
        try {
            while (waiting.isEmpty()) {
                if (stopping) {
                    return List.of();
                }
                changed.await();
            }
            List<Waiting> batch = new ArrayList<>();
            Iterator<Waiting> it = waiting.iterator();
            while (it.hasNext() && batch.size() < MAX_BATCH) {
                Waiting w = it.next();
                w.writing = true;
                batch.add(w);
            }
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    private void written(List<Waiting> batch) {
        lock.lock();
        try {
            for (Waiting w : batch) {
                waiting.remove(w);
                newest.remove(w.decision.policy(), w);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void release(List<Waiting> batch) {
        lock.lock();
        try {
            batch.forEach(w -> w.writing = false);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sleeps before a retry; while stopping, briefly, to try again before the flush deadline.
     * New decisions do not cut it short: a database that is away is tried once a pause, not once
     * a decision.
     */
    private void pause(Duration wait) {
        lock.lock();
        try {
            long left = (stopping ? STOPPING_RETRY : wait).toNanos();
            boolean stoppedAtStart = stopping;
            pausing = true;
            while (left > 0 && (stoppedAtStart || !stopping) && !gaveUp) {
                left = changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pausing = false;
            lock.unlock();
        }
    }

    /** Whether the writer is waiting out a pause after a failed write, holding no decision. */
    boolean pausing() {
        lock.lock();
        try {
            return pausing;
        } finally {
            lock.unlock();
        }
    }

    /** Stops within the flush deadline; see {@link #stop(Duration)}. */
    @Override
    public void stop() throws InterruptedException {
        stop(flushDeadline);
    }

    /**
     * Writes what waits, for at most {@code within} or the flush deadline, whichever is shorter;
     * what the database has not taken by then is lost from the history (the application log has
     * the decisions that changed capacity or failed) and the count is logged.
     */
    public void stop(Duration within) throws InterruptedException {
        Duration wait = within.compareTo(flushDeadline) < 0 ? within : flushDeadline;
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            stopping = true;
            changed.signalAll();
            while (!waiting.isEmpty() && writer.isAlive() && System.nanoTime() < deadline) {
                changed.awaitNanos(deadline - System.nanoTime());
            }
            if (!waiting.isEmpty()) {
                gaveUp = true;
                changed.signalAll();
                int decisions = waiting.stream().mapToInt(w -> w.decision.repeated()).sum();
                LOG.error("stopping with {} decision(s) not written: the database did not take them within {} s. "
                        + "The application log has each of them that changed capacity or failed", decisions, wait.toSeconds());
            }
        } finally {
            lock.unlock();
        }
        writer.interrupt();
    }
}
