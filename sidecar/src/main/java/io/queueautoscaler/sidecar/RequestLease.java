package io.queueautoscaler.sidecar;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One forwarded request's lease: taken when the request arrives, renewed while it runs, released
 * when it ends. Requests to the daemon never overlap: each renewal is scheduled when the previous
 * answer lands, and the release follows the last of them, so a late renewal cannot revive a
 * released lease.
 */
final class RequestLease implements AutoCloseable {

    /** What the first answer said, as far as the request waited for it. */
    enum Start {
        /** The daemon holds the lease. */
        HELD,
        /** The instance is draining: the request must not start. */
        DRAINING,
        /** No answer in time, or a refusal that does not stop work (the request goes ahead unprotected). */
        UNCONFIRMED
    }

    private final Protector protector;
    private final String holder;
    private CompletableFuture<LeaseApi.Answer> last;
    private ScheduledFuture<?> next;
    private boolean held;
    private boolean ended;

    RequestLease(Protector protector, String holder) {
        this.protector = protector;
        this.holder = holder;
    }

    String holder() {
        return holder;
    }

    /** Sends the first request and waits for its answer at most {@code wait}. */
    Start start(Duration wait) {
        CompletableFuture<LeaseApi.Answer> first = take();
        try {
            LeaseApi.Answer answer = first.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return answer.draining() ? Start.DRAINING : answer.ok() ? Start.HELD : Start.UNCONFIRMED;
        } catch (TimeoutException | ExecutionException e) {
            return Start.UNCONFIRMED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Start.UNCONFIRMED;
        }
    }

    /** Stops renewing and releases the lease once the last take or renewal has been answered. */
    @Override
    public void close() {
        CompletableFuture<LeaseApi.Answer> previous;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            if (next != null) {
                next.cancel(false);
            }
            previous = last;
        }
        protector.track(previous.handle((answer, failure) -> null)
                .thenCompose(ignored -> heldOnce() ? protector.release(holder) : CompletableFuture.completedFuture(null)));
        protector.forget(holder);
    }

    private synchronized boolean heldOnce() {
        return held;
    }

    private synchronized CompletableFuture<LeaseApi.Answer> take() {
        CompletableFuture<LeaseApi.Answer> request = protector.api().take(holder);
        last = request;
        request.whenComplete((answer, failure) -> landed(answer, failure));
        return request;
    }

    private void landed(LeaseApi.Answer answer, Throwable failure) {
        Duration renewEvery = protector.renewEvery();
        Duration delay = renewEvery;
        if (failure != null) {
            protector.daemonFailure("cannot reach queue-autoscaler at " + protector.api().daemon() + " to protect instance "
                    + protector.instanceId() + " (holder " + holder + "): " + rootCause(failure)
                    + "; requests are forwarded unprotected");
        } else if (answer.ok()) {
            synchronized (this) {
                held = true;
            }
        } else if (!answer.draining()) {
            protector.daemonFailure("queue-autoscaler at " + protector.api().daemon() + " refused a lease on instance "
                    + protector.instanceId() + " (holder " + holder + ") with HTTP " + answer.status() + ": "
                    + answer.message() + "; requests are forwarded unprotected");
            // 503 says when to ask again (the instance is still joining its group); sooner than a renewal.
            delay = answer.retryAfter().filter(d -> d.compareTo(renewEvery) < 0).orElse(renewEvery);
        }
        schedule(delay);
    }

    private synchronized void schedule(Duration delay) {
        if (ended) {
            return;
        }
        ScheduledExecutorService timer = protector.timer();
        next = timer.schedule(this::renew, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void renew() {
        if (!ended) {
            take();
        }
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }
}
