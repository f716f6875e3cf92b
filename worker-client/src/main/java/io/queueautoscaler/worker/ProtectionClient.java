package io.queueautoscaler.worker;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A worker's side of queue-autoscaler's protection leases. One client per worker process; each
 * {@link #protect} takes a lease on the worker's instance that renews itself in the background
 * until it is closed:
 *
 * <pre>{@code
 * ProtectionClient client = ProtectionClient.builder(URI.create("http://autoscaler:8080"), token).build();
 * try (ProtectionLease lease = client.protect(instanceId)) {
 *     work();
 * }
 * }</pre>
 *
 * A worker that dies stops renewing, so its lease expires and the daemon lifts the protection:
 * a crashed worker never pins its instance.
 */
public final class ProtectionClient implements AutoCloseable {
    private final URI daemon;
    private final String authorization;
    private final Duration leaseDuration;
    private final Duration renewEvery;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ScheduledExecutorService renewer;
    private final Set<ProtectionLease> open = ConcurrentHashMap.newKeySet();

    private ProtectionClient(Builder b) {
        this.daemon = b.daemon;
        this.authorization = "Bearer " + b.token;
        this.leaseDuration = b.leaseDuration;
        this.renewEvery = Duration.ofMillis(Math.max(1, (long) (b.leaseDuration.toMillis() * b.renewFraction)));
        this.requestTimeout = b.requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.requestTimeout)
                .build();
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "protection-lease-renewer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param daemon     the daemon's application URL, e.g. {@code http://queue-autoscaler:8080}
     * @param workerToken a worker token from the daemon's configuration ({@code auth.workerTokens})
     */
    public static Builder builder(URI daemon, String workerToken) {
        return new Builder(daemon, workerToken);
    }

    /**
     * Takes (or renews) the lease on {@code instanceId} and keeps renewing it until the returned
     * lease is closed. The daemon protects the instance shortly after; {@link
     * ProtectionLease#awaitProtected} waits for that.
     *
     * @throws ProtectionException when the daemon refuses (unknown instance, unmanaged group,
     *                             another instance's lease, bad token) or cannot be reached; when it
     *                             is not {@link ProtectionException#definitive() definitive} (no
     *                             answer, 503 while the instance is still booting, 429), ask again
     *                             after a pause
     */
    public ProtectionLease protect(String instanceId) {
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalArgumentException("instanceId must be the worker's EC2 instance ID, e.g. i-0a1b2c3d4e5f60001");
        }
        LeaseAnswer answer = await(renew(instanceId));
        ProtectionLease lease = new ProtectionLease(this, instanceId, answer);
        open.add(lease);
        lease.scheduleRenewal(renewEvery);
        return lease;
    }

    /** The lease on an instance as the daemon sees it, if there is a live one. */
    public Optional<ProtectionLease.State> inspect(String instanceId) {
        HttpResponse<String> response = await(send(request(instanceId).GET()));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        LeaseAnswer answer = answerOrThrow(response);
        return Optional.of(new ProtectionLease.State(answer.expiresAt(), answer.protectedFromScaleIn()));
    }

    /** Releases every lease still open and stops renewing. */
    @Override
    public void close() {
        List.copyOf(open).forEach(ProtectionLease::close);
        renewer.shutdownNow();
    }

    Duration leaseDuration() {
        return leaseDuration;
    }

    Duration renewEvery() {
        return renewEvery;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    CompletableFuture<LeaseAnswer> renew(String instanceId) {
        String body = "{\"leaseSeconds\":" + leaseDuration.toSeconds() + "}";
        return send(request(instanceId)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)))
                .thenApply(ProtectionClient::answerOrThrow);
    }

    void release(String instanceId) {
        HttpResponse<String> response = await(send(request(instanceId).DELETE()));
        if (response.statusCode() != 204 && response.statusCode() != 200) {
            throw refusal(response);
        }
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return renewer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void forget(ProtectionLease lease) {
        open.remove(lease);
    }

    private HttpRequest.Builder request(String instanceId) {
        URI uri = daemon.resolve("/v1/instances/" + URLEncoder.encode(instanceId, StandardCharsets.UTF_8) + "/protection");
        return HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        return http.sendAsync(built, HttpResponse.BodyHandlers.ofString())
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    throw new ProtectionException(0, "cannot reach queue-autoscaler at " + daemon + " ("
                            + built.method() + " " + built.uri().getPath() + "): " + cause, cause);
                });
    }

    private static LeaseAnswer answerOrThrow(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw refusal(response);
        }
        return LeaseAnswer.parse(response.body());
    }

    private static ProtectionException refusal(HttpResponse<String> response) {
        return new ProtectionException(response.statusCode(), "queue-autoscaler answered "
                + response.request().method() + " " + response.uri().getPath() + " with HTTP "
                + response.statusCode() + ": " + LeaseAnswer.errorMessage(response.body()));
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProtectionException(0, "interrupted while waiting for queue-autoscaler", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProtectionException refused) {
                throw refused;
            }
            throw new ProtectionException(0, "request to queue-autoscaler failed: " + e.getCause(), e.getCause());
        }
    }

    /** Settings of a client; each setter checks its argument and says the valid range. */
    public static final class Builder {
        private final URI daemon;
        private final String token;
        private Duration leaseDuration = Duration.ofMinutes(5);
        private double renewFraction = 1.0 / 3;
        private Duration requestTimeout = Duration.ofSeconds(5);

        private Builder(URI daemon, String token) {
            Objects.requireNonNull(daemon, "daemon");
            if (!"http".equals(daemon.getScheme()) && !"https".equals(daemon.getScheme())) {
                throw new IllegalArgumentException("the daemon's URL must be http:// or https://, was " + daemon);
            }
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("a worker token is required: one of the daemon's auth.workerTokens");
            }
            this.daemon = daemon;
            this.token = token;
        }

        /** How long each lease (and each renewal) lasts; at most the policy's maxLeaseSeconds. Default 5 minutes. */
        public Builder leaseDuration(Duration duration) {
            if (duration == null || duration.toSeconds() < 1) {
                throw new IllegalArgumentException("leaseDuration must be at least 1 second, was " + duration);
            }
            this.leaseDuration = duration;
            return this;
        }

        /**
         * Renew after this fraction of the lease has passed, from above 0 to at most 0.9; default a
         * third, so that two renewals in a row may fail before the lease expires.
         */
        public Builder renewFraction(double fraction) {
            if (!(fraction > 0 && fraction <= 0.9)) {
                throw new IllegalArgumentException("renewFraction must be above 0 and at most 0.9, was " + fraction);
            }
            this.renewFraction = fraction;
            return this;
        }

        /** Longest wait for one answer of the daemon; default 5 seconds. */
        public Builder requestTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be above zero, was " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        public ProtectionClient build() {
            return new ProtectionClient(this);
        }
    }
}
