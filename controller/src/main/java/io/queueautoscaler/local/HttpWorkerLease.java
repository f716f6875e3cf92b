package io.queueautoscaler.local;

import io.queueautoscaler.worker.ProtectionClient;
import io.queueautoscaler.worker.ProtectionException;
import io.queueautoscaler.worker.ProtectionLease;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local workers' leases through the worker client, over real HTTP to the daemon's own port, as
 * workers on EC2 would. The threads of one instance share its one lease: the first to start a
 * task takes it and waits until the daemon reports the instance protected, the last to finish
 * releases it. A worker that cannot get protection works unprotected and says so.
 */
public final class HttpWorkerLease implements WorkerLease {
    private static final Logger LOG = LoggerFactory.getLogger(HttpWorkerLease.class);
    private static final Duration WAIT_FOR_DAEMON = Duration.ofMinutes(1);

    private final String workerToken;
    private final Duration leaseDuration;
    private final Duration awaitProtection;
    private final CompletableFuture<ProtectionClient> client = new CompletableFuture<>();
    private final Map<String, Shared> instances = new HashMap<>(); // guarded by this

    /**
     * @param awaitProtection how long the first task of an idle instance waits for protection
     */
    public HttpWorkerLease(String workerToken, Duration leaseDuration, Duration awaitProtection) {
        this.workerToken = workerToken;
        this.leaseDuration = leaseDuration;
        this.awaitProtection = awaitProtection;
    }

    /** The daemon listens at {@code daemon}: workers may lease from now on (until then they wait). */
    public void connect(URI daemon) {
        client.complete(ProtectionClient.builder(daemon, workerToken).leaseDuration(leaseDuration).build());
        LOG.info("local workers lease protection at {}", daemon);
    }

    @Override
    public Held hold(String instanceId) {
        ProtectionClient c;
        try {
            c = client.get(WAIT_FOR_DAEMON.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return () -> { };
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("local worker on {} works unprotected: the daemon's HTTP port is not known yet", instanceId);
            return () -> { };
        }
        Shared shared;
        synchronized (this) {
            shared = instances.computeIfAbsent(instanceId, Shared::new);
        }
        return shared.acquire(c, awaitProtection);
    }

    @Override
    public synchronized void forget(String instanceId) {
        // Threads still unwinding keep their reference; no new hold can come for a terminated instance.
        instances.remove(instanceId);
    }

    /** One instance's lease, shared by its worker threads. */
    private static final class Shared {
        private final String instanceId;
        private int holders;
        private ProtectionLease lease;

        Shared(String instanceId) {
            this.instanceId = instanceId;
        }

        synchronized Held acquire(ProtectionClient client, Duration awaitProtection) {
            if (lease == null || lease.lost().isPresent()) {
                try {
                    lease = client.protect(instanceId);
                } catch (ProtectionException e) {
                    LOG.warn("local worker on {} works unprotected: {}", instanceId, e.getMessage());
                    lease = null;
                    return () -> { };
                }
            }
            holders++;
            boolean isProtected;
            try {
                isProtected = lease.awaitProtected(awaitProtection);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                isProtected = false;
            }
            if (!isProtected && !Thread.currentThread().isInterrupted()) {
                LOG.warn("local worker on {} starts unprotected: no protection within {} s", instanceId,
                        awaitProtection.toSeconds());
            }
            boolean heldProtected = isProtected;
            return new Held() {
                private boolean closed;

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        release();
                    }
                }

                @Override
                public boolean protectedFromScaleIn() {
                    return heldProtected;
                }
            };
        }

        private synchronized void release() {
            holders--;
            if (holders == 0 && lease != null) {
                lease.close();
                lease = null;
            }
        }
    }
}
