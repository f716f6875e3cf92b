package io.queueautoscaler.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renewals are durable before they are acknowledged, at the cost of one transaction per group
 * rather than per renewal: one writer thread takes every renewal queued while the previous
 * transaction ran (up to {@link #MAX_BATCH}), writes them in one transaction, and only then
 * completes each request's future. Under load the batches grow by themselves, so the commit cost
 * is shared; when idle a renewal waits for nobody.
 *
 * <p>Fair and bounded: requests are committed in the order they arrived, and at most
 * {@link #MAX_WAITING} wait at a time; one past that is refused at once (the worker is told to
 * retry shortly) rather than queued behind a database that is not keeping up.
 */
final class GroupCommit {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    static final int MAX_BATCH = 512;
    /** Requests that may wait for a commit: several full batches, far more than a node's connections renew at once. */
    static final int MAX_WAITING = 4 * MAX_BATCH;

    private record Pending(List<Renewal> renewals, CompletableFuture<List<Boolean>> done) {
    }

    private final LeaseStore store;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_WAITING);
    private final Thread writer;
    private volatile boolean running = true;

    GroupCommit(LeaseStore store) {
        this.store = store;
        this.writer = new Thread(this::run, "lease-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** The renewals, in one transaction shared with whatever else is queued; completes once committed. */
    CompletableFuture<List<Boolean>> submit(List<Renewal> renewals) {
        CompletableFuture<List<Boolean>> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the daemon is stopping"));
            return done;
        }
        if (!queue.offer(new Pending(List.copyOf(renewals), done))) {
            done.completeExceptionally(new RejectedExecutionException(MAX_WAITING
                    + " lease requests already wait for the database to commit them"));
        }
        return done;
    }

    /** Commits what is queued, then stops; later submissions fail. */
    void stop(Duration wait) throws InterruptedException {
        running = false;
        writer.interrupt();
        writer.join(wait.toMillis());
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done().completeExceptionally(new IllegalStateException("the daemon is stopping")));
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = queue.poll(); // stopping: what is queued is still committed
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            int renewals = batch.get(0).renewals().size();
            while (renewals < MAX_BATCH) {
                Pending next = queue.poll();
                if (next == null) {
                    break;
                }
                batch.add(next);
                renewals += next.renewals().size();
            }
            commit(batch);
            batch.clear();
        }
    }

    private void commit(List<Pending> batch) {
        List<Renewal> all = new ArrayList<>();
        batch.forEach(p -> all.addAll(p.renewals()));
        List<Boolean> renewed;
        try {
            renewed = store.renew(all);
        } catch (RuntimeException e) {
            LOG.warn("could not store {} lease renewal(s) of {} request(s); they are refused with 503: {}",
                    all.size(), batch.size(), e.toString());
            batch.forEach(p -> p.done().completeExceptionally(e));
            return;
        }
        int at = 0;
        for (Pending p : batch) {
            int size = p.renewals().size();
            p.done().complete(List.copyOf(renewed.subList(at, at + size)));
            at += size;
        }
    }
}
