package io.queueautoscaler.sidecar;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * Hands out one lease per forwarded request on this instance, each under its own holder: the SQS
 * message ID when the request carries one (so the daemon's {@code GET .../protection} shows which
 * messages are running), else a fresh unique name.
 */
final class Protector implements AutoCloseable {
    /** The daemon's holder names: 1 to 128 printable ASCII characters. */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(5);
    private static final Pattern HOLDER = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final LeaseApi api;
    private final String instanceId;
    private final Duration renewEvery;
    private final ThrottledWarning daemonFailures;
    private final ScheduledExecutorService timer;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

    Protector(LeaseApi api, String instanceId, Duration renewEvery, ThrottledWarning daemonFailures) {
        this.api = api;
        this.instanceId = instanceId;
        this.renewEvery = renewEvery;
        this.daemonFailures = daemonFailures;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sidecar-lease-renewer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A lease for one request, not yet taken. A message delivered twice at once (SQS delivers at
     * least once) gets a unique holder for its second copy, so that the first copy's release does
     * not end the second's lease.
     */
    RequestLease open(Optional<String> messageId) {
        String holder = messageId.filter(id -> HOLDER.matcher(id).matches()).filter(running::add)
                .orElseGet(() -> {
                    String unique = "sidecar-" + UUID.randomUUID();
                    running.add(unique);
                    return unique;
                });
        return new RequestLease(this, holder);
    }

    LeaseApi api() {
        return api;
    }

    String instanceId() {
        return instanceId;
    }

    Duration renewEvery() {
        return renewEvery;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    void daemonFailure(String message) {
        daemonFailures.warn(message);
    }

    CompletableFuture<Void> release(String holder) {
        return api.release(holder).handle((answer, failure) -> {
            if (failure != null) {
                daemonFailure("cannot reach queue-autoscaler at " + api.daemon() + " to release the lease of holder "
                        + holder + " on instance " + instanceId + ": " + failure + "; it expires by itself");
            } else if (!answer.ok()) {
                daemonFailure("queue-autoscaler at " + api.daemon() + " refused to release the lease of holder " + holder
                        + " on instance " + instanceId + " with HTTP " + answer.status() + ": " + answer.message()
                        + "; it expires by itself");
            }
            return null;
        });
    }

    /** A release still on its way; closing waits for it, so that a stopping sidecar leaves no lease behind. */
    void track(CompletableFuture<?> release) {
        pending.add(release);
        release.whenComplete((ignored, failure) -> pending.remove(release));
    }

    void forget(String holder) {
        running.remove(holder);
    }

    @Override
    public void close() {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(RELEASE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Whatever is not released by now expires by itself.
        }
        timer.shutdownNow();
    }
}
