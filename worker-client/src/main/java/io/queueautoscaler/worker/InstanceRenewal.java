package io.queueautoscaler.worker;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Renews every open lease of one instance in one request per renewal period, however many tasks
 * hold them: a worker running 4 tasks makes a quarter of the requests it would with one request
 * per lease. Failures the daemon may recover from (no answer, 5xx, 429) are retried with backoff;
 * a definitive refusal, or a holder missing from the answer, loses those leases for good.
 */
final class InstanceRenewal {
    private static final System.Logger LOG = System.getLogger(InstanceRenewal.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final ProtectionClient client;
    private final String instanceId;
    // Guarded by this.
    private final Set<ProtectionLease> leases = new LinkedHashSet<>();
    private ScheduledFuture<?> next;
    private CompletableFuture<Void> renewing = CompletableFuture.completedFuture(null);
    private int failures;

    InstanceRenewal(ProtectionClient client, String instanceId) {
        this.client = client;
        this.instanceId = instanceId;
    }

    synchronized void add(ProtectionLease lease) {
        leases.add(lease);
        if (next == null) {
            schedule(client.renewEvery());
        }
    }

    /** Stops renewing the lease; returns the renewal in flight, which the release must wait for. */
    synchronized CompletableFuture<Void> remove(ProtectionLease lease) {
        leases.remove(lease);
        if (leases.isEmpty() && next != null) {
            next.cancel(false);
            next = null;
        }
        return renewing;
    }

    synchronized boolean isEmpty() {
        return leases.isEmpty();
    }

    private void schedule(Duration delay) {
        next = client.schedule(this::renew, delay);
    }

    private void renew() {
        List<ProtectionLease> batch;
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            next = null;
            if (leases.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(leases);
            // Registered before the request goes out, so a close() from now on waits for it.
            renewing = done;
        }
        CompletableFuture<InstanceAnswer> put;
        try {
            put = client.renew(instanceId, batch.stream().map(ProtectionLease::holder).toList());
        } catch (RuntimeException e) {
            put = CompletableFuture.failedFuture(e);
        }
        put.whenComplete((answer, failure) -> {
            try {
                handle(batch, answer, failure);
            } finally {
                done.complete(null);
            }
        });
    }

    private void handle(List<ProtectionLease> batch, InstanceAnswer answer, Throwable failure) {
        if (failure == null) {
            Map<String, Instant> renewed = answer.holders();
            for (ProtectionLease lease : batch) {
                Instant expiresAt = renewed.get(lease.holder());
                if (expiresAt != null) {
                    lease.renewed(new ProtectionLease.State(expiresAt, answer.protectedFromScaleIn(), answer.draining()));
                } else {
                    lose(lease, new ProtectionException(409, "queue-autoscaler did not renew holder " + lease.holder()
                            + " of " + instanceId + (answer.draining() ? ": the instance is draining" : "")));
                }
            }
            synchronized (this) {
                failures = 0;
                if (!leases.isEmpty() && next == null) {
                    schedule(client.renewEvery());
                }
            }
            return;
        }
        Throwable cause = failure.getCause() instanceof ProtectionException ? failure.getCause() : failure;
        ProtectionException refused = cause instanceof ProtectionException p ? p
                : new ProtectionException(0, "renewal failed: " + cause, cause);
        if (refused.definitive()) {
            batch.forEach(lease -> lose(lease, refused));
        }
        synchronized (this) {
            if (!leases.isEmpty() && next == null) {
                schedule(refused.definitive() ? client.renewEvery() : retryDelay(refused));
            }
        }
    }

    private void lose(ProtectionLease lease, ProtectionException why) {
        synchronized (this) {
            leases.remove(lease);
        }
        lease.lose(why);
    }

    /** Exponential backoff from one second with full jitter, never longer than the renewal period. Guarded by this. */
    private Duration retryDelay(ProtectionException failure) {
        int attempt = ++failures;
        long ceiling = Math.min(client.renewEvery().toMillis(), FIRST_RETRY.toMillis() << Math.min(attempt - 1, 16));
        long delay = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
        LOG.log(Level.WARNING, "renewal of the protection leases of {0} failed (attempt {1}), retrying in {2} ms: {3}",
                instanceId, attempt, delay, failure.getMessage());
        return Duration.ofMillis(delay);
    }
}
