package io.queueautoscaler.local;

import io.queueautoscaler.worker.ProtectionClient;
import io.queueautoscaler.worker.ProtectionException;
import io.queueautoscaler.worker.ProtectionLease;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local workers' leases through the worker client, over real HTTP to the daemon's own port, as
 * workers on EC2 would: each hold is a lease of its own (its own holder), which waits until the
 * daemon reports the instance protected; the daemon keeps the instance protected while any of the
 * instance's leases is open. A worker that cannot get protection works unprotected and says so.
 */
public final class HttpWorkerLease implements WorkerLease {
    private static final Logger LOG = LoggerFactory.getLogger(HttpWorkerLease.class);
    private static final Duration WAIT_FOR_DAEMON = Duration.ofMinutes(1);
    /**
     * Local workers share the daemon's CPU: a just-started JVM on a busy machine can take more than the
     * worker client's default 5 s to answer its first requests.
     */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final String workerToken;
    private final Duration leaseDuration;
    private final Duration awaitProtection;
    private final CompletableFuture<ProtectionClient> client = new CompletableFuture<>();

    /**
     * @param awaitProtection how long a task waits for its instance's protection before it starts anyway
     */
    public HttpWorkerLease(String workerToken, Duration leaseDuration, Duration awaitProtection) {
        this.workerToken = workerToken;
        this.leaseDuration = leaseDuration;
        this.awaitProtection = awaitProtection;
    }

    /** The daemon listens at {@code daemon}: workers may lease from now on (until then they wait). */
    public void connect(URI daemon) {
        client.complete(ProtectionClient.builder(daemon, workerToken).leaseDuration(leaseDuration)
                .requestTimeout(REQUEST_TIMEOUT).build());
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
        ProtectionLease lease;
        try {
            lease = c.protect(instanceId);
        } catch (ProtectionException e) {
            if (Thread.currentThread().isInterrupted()) {
                // The instance is being terminated (a scale-in, or the daemon stopping): it has no task to protect.
                LOG.debug("local worker on {} stopped while taking its lease: {}", instanceId, e.getMessage());
            } else {
                LOG.warn("local worker on {} works unprotected: {}", instanceId, e.getMessage());
            }
            return () -> { };
        }
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
            @Override
            public void close() {
                lease.close(); // closing twice releases once
            }

            @Override
            public boolean protectedFromScaleIn() {
                return heldProtected;
            }
        };
    }
}
