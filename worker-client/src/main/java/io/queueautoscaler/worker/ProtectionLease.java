package io.queueautoscaler.worker;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One holder's protection lease on the worker's instance: a task's, taken by one {@link
 * ProtectionClient#protect} call. Renewed in the background with the instance's other open
 * leases, released by {@link #close()}; closing it never touches another task's lease, and the
 * instance stays protected while any of them is open. A definitive refusal of a renewal (the
 * instance left its group, the token was revoked) stops the renewals and is kept in {@link #lost()}.
 */
public final class ProtectionLease implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProtectionLease.class.getName());
    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * The lease as the daemon last answered: when it expires, whether the instance is protected
     * yet, and whether it is draining (being terminated: take no new work on it).
     */
    public record State(Instant expiresAt, boolean protectedFromScaleIn, boolean draining) {
    }

    private final ProtectionClient client;
    private final InstanceRenewal renewal;
    private final String instanceId;
    private final String holder;
    private final String autoScalingGroupName;
    private volatile State state;
    private volatile ProtectionException lost;
    private boolean closed; // guarded by this

    ProtectionLease(ProtectionClient client, InstanceRenewal renewal, String instanceId, String holder, LeaseAnswer answer) {
        this.client = client;
        this.renewal = renewal;
        this.instanceId = instanceId;
        this.holder = holder;
        this.autoScalingGroupName = answer.autoScalingGroupName();
        this.state = new State(answer.expiresAt(), answer.protectedFromScaleIn(), answer.draining());
    }

    public String instanceId() {
        return instanceId;
    }

    /** This lease's holder name on the instance, unique to the lease. */
    public String holder() {
        return holder;
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

    /** True once the daemon reported the instance draining: finish this task, take no new one on it. */
    public boolean isDraining() {
        return state.draining();
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
                client.inspect(instanceId).ifPresent(seen ->
                        state = new State(state.expiresAt(), seen.protectedFromScaleIn(), seen.draining()));
            } catch (ProtectionException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for protection of " + instanceId);
                }
                LOG.log(Level.DEBUG, "cannot read the leases of {0} yet: {1}", instanceId, e.getMessage());
            }
        }
        return isProtected();
    }

    /**
     * Stops renewing and releases this holder's lease; the daemon lifts the protection once no
     * holder is left. A renewal already sent is waited for first (at most the request timeout).
     * Never throws.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        awaitRenewal(renewal.remove(this));
        client.forget(this);
        try {
            client.release(instanceId, holder);
        } catch (ProtectionException e) {
            // The lease then lasts until it expires, which bounds the cost of a lost release.
            LOG.log(Level.WARNING, "could not release the protection lease of {0} held by {1}; it ends when it expires "
                    + "at {2}: {3}", instanceId, holder, state.expiresAt(), e.getMessage());
        }
    }

    void renewed(State renewedState) {
        state = renewedState;
    }

    void lose(ProtectionException why) {
        lost = why;
        LOG.log(Level.WARNING, "protection lease of {0} held by {1} lost: {2}", instanceId, holder, why.getMessage());
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
            LOG.log(Level.WARNING, "a renewal of the protection leases of {0} is still unanswered after {1} ms; "
                    + "releasing anyway", instanceId, client.requestTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
