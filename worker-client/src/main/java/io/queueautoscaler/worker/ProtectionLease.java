package io.queueautoscaler.worker;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A protection lease held by this worker: renewed in the background at a fraction of its
 * duration, released by {@link #close()}. Renewal failures the daemon may recover from (no
 * answer, 5xx, 429) are retried with backoff; a definitive refusal (the instance left its group,
 * the token was revoked) stops the renewals and is kept in {@link #lost()}.
 */
public final class ProtectionLease implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProtectionLease.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(100);

    /** The lease as the daemon last answered: when it expires and whether the instance is protected yet. */
    public record State(Instant expiresAt, boolean protectedFromScaleIn) {
    }

    private final ProtectionClient client;
    private final String instanceId;
    private final String autoScalingGroupName;
    private volatile State state;
    private volatile ProtectionException lost;
    // Guarded by this.
    private ScheduledFuture<?> next;
    private CompletableFuture<Void> renewing = CompletableFuture.completedFuture(null);
    private boolean closed;
    private int failures;

    ProtectionLease(ProtectionClient client, String instanceId, LeaseAnswer answer) {
        this.client = client;
        this.instanceId = instanceId;
        this.autoScalingGroupName = answer.autoScalingGroupName();
        this.state = new State(answer.expiresAt(), answer.protectedFromScaleIn());
    }

    public String instanceId() {
        return instanceId;
    }

    public String autoScalingGroupName() {
        return autoScalingGroupName;
    }

    public Instant expiresAt() {
        return state.expiresAt();
    }

    /** True once the daemon reported the instance protected from scale-in (AWS accepted it). */
    public boolean isProtected() {
        return state.protectedFromScaleIn();
    }

    /** Why renewals stopped, if the daemon refused one for good. */
    public Optional<ProtectionException> lost() {
        return Optional.ofNullable(lost);
    }

    /**
     * Waits until the daemon reports the instance protected, asking every 100 ms; the daemon
     * batches protection calls, so this takes up to about one of its flush intervals. A worker
     * that must not lose a task to a scale-in waits for this before it starts.
     *
     * @return whether the instance is protected; false when the timeout passed first
     */
    public boolean awaitProtected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isProtected() && lost == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, POLL.toNanos()));
            try {
                client.inspect(instanceId).ifPresent(seen -> state = seen);
            } catch (ProtectionException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for protection of " + instanceId);
                }
                LOG.log(Level.DEBUG, "cannot read the lease of {0} yet: {1}", instanceId, e.getMessage());
            }
        }
        return isProtected();
    }

    /**
     * Stops renewing and releases the lease, so the daemon lifts the protection. A renewal already
     * sent is waited for first (at most the request timeout). Never throws.
     */
    @Override
    public void close() {
        CompletableFuture<Void> inFlight;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
            inFlight = renewing;
        }
        awaitRenewal(inFlight);
        client.forget(this);
        try {
            client.release(instanceId);
        } catch (ProtectionException e) {
            // The lease then lasts until it expires, which bounds the cost of a lost release.
            LOG.log(Level.WARNING, "could not release the protection lease of {0}; it ends when it expires at {1}: {2}",
                    instanceId, state.expiresAt(), e.getMessage());
        }
    }

    /**
     * A renewal's PUT still on its way could reach the daemon after the release's DELETE and take
     * the lease again, with nobody left to renew or release it: the instance would stay protected
     * until the lease expires. So the release waits for it, as long as one request may take.
     */
    private void awaitRenewal(CompletableFuture<Void> inFlight) {
        try {
            inFlight.get(client.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // Cannot happen (the renewal completes normally whatever its answer); the release goes ahead.
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "a renewal of the protection lease of {0} is still unanswered after {1} ms; "
                    + "releasing anyway", instanceId, client.requestTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void scheduleRenewal(Duration delay) {
        if (!closed) {
            next = client.schedule(this::renew, delay);
        }
    }

    private void renew() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            // Registered before the request goes out, so a close() from now on waits for it.
            renewing = done;
        }
        CompletableFuture<LeaseAnswer> put;
        try {
            put = client.renew(instanceId);
        } catch (RuntimeException e) {
            put = CompletableFuture.failedFuture(e);
        }
        put.whenComplete((answer, failure) -> {
            try {
                handle(answer, failure);
            } finally {
                done.complete(null);
            }
        });
    }

    /** Keeps the daemon's answer and schedules the next renewal, or a retry, or gives the lease up. */
    private void handle(LeaseAnswer answer, Throwable failure) {
        if (failure == null) {
            state = new State(answer.expiresAt(), answer.protectedFromScaleIn());
            synchronized (this) {
                failures = 0;
            }
            scheduleRenewal(client.renewEvery());
            return;
        }
        Throwable cause = failure.getCause() instanceof ProtectionException ? failure.getCause() : failure;
        ProtectionException refused = cause instanceof ProtectionException p ? p
                : new ProtectionException(0, "renewal failed: " + cause, cause);
        if (refused.definitive()) {
            lost = refused;
            LOG.log(Level.WARNING, "protection lease of {0} lost: {1}", instanceId, refused.getMessage());
            return;
        }
        scheduleRenewal(retryDelay(refused));
    }

    /** Exponential backoff from one second with full jitter, never longer than the renewal period. */
    private Duration retryDelay(ProtectionException failure) {
        int attempt;
        synchronized (this) {
            attempt = ++failures;
        }
        long ceiling = Math.min(client.renewEvery().toMillis(), FIRST_RETRY.toMillis() << Math.min(attempt - 1, 16));
        long delay = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
        LOG.log(Level.WARNING, "renewal of the protection lease of {0} failed (attempt {1}), retrying in {2} ms: {3}",
                instanceId, attempt, delay, failure.getMessage());
        return Duration.ofMillis(delay);
    }
}
