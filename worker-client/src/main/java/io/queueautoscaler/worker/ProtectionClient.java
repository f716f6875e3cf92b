package io.queueautoscaler.worker;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A worker's side of queue-autoscaler's protection leases. One client per worker process; each
 * {@link #protect} takes a lease of its own (a holder unique to the call) on the worker's
 * instance, renewed in the background until it is closed. Tasks running side by side each hold
 * their own lease, so the first to finish never lifts the protection of the others:
 *
 * <pre>{@code
 * ProtectionClient client = ProtectionClient.builder(URI.create("http://autoscaler:8080"), token).build();
 * try (ProtectionLease lease = client.protect(instanceId)) {
 *     work();
 * }
 * }</pre>
 *
 * The open leases of one instance are renewed together, in one request per renewal period. A
 * worker that dies stops renewing, so its leases expire and the daemon lifts the protection: a
 * crashed worker never pins its instance.
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
    private final Map<String, InstanceRenewal> renewals = new HashMap<>(); // guarded by itself
    /** Holder names are this prefix and a counter: unique to the client, readable in the daemon's audit. */
    private final String holderPrefix = "worker-" + Long.toHexString(new SecureRandom().nextLong() & 0xffffffffffL);
    private final AtomicLong holders = new AtomicLong();

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
     * Takes a new lease on {@code instanceId}, held by a name unique to this call, and keeps
     * renewing it until the returned lease is closed. The daemon protects the instance shortly
     * after; {@link ProtectionLease#awaitProtected} waits for that.
     *
     * @throws ProtectionException when the daemon refuses (unknown instance, unmanaged group,
     *                             another instance's lease, draining instance, bad token) or cannot
     *                             be reached; when it is not {@link ProtectionException#definitive()
     *                             definitive} (no answer, 503 while the instance is still booting,
     *                             429), ask again after a pause
     */
    public ProtectionLease protect(String instanceId) {
        return protect(instanceId, holderPrefix + "-" + holders.incrementAndGet());
    }

    /**
     * Takes (or renews) the lease of {@code holder} on {@code instanceId}, for a worker that names
     * its tasks itself (a message ID, say): 1 to 128 printable ASCII characters, unique among the
     * instance's live holders. Otherwise as {@link #protect(String)}.
     */
    public ProtectionLease protect(String instanceId, String holder) {
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalArgumentException("instanceId must be the worker's EC2 instance ID, e.g. i-0a1b2c3d4e5f60001");
        }
        if (holder == null || holder.isEmpty() || holder.length() > 128 || !holder.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new IllegalArgumentException("a holder is 1 to 128 printable ASCII characters, was '" + holder + "'");
        }
        LeaseAnswer answer = await(take(instanceId, holder));
        InstanceRenewal renewal;
        synchronized (renewals) {
            renewal = renewals.computeIfAbsent(instanceId, id -> new InstanceRenewal(this, id));
        }
        ProtectionLease lease = new ProtectionLease(this, renewal, instanceId, holder, answer);
        open.add(lease);
        renewal.add(lease);
        return lease;
    }

    /** The leases on an instance as the daemon sees them, if it has a live one: the latest expiry of its holders. */
    public Optional<ProtectionLease.State> inspect(String instanceId) {
        HttpResponse<String> response = await(send(request(instanceId, "").GET()));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw refusal(response);
        }
        InstanceAnswer answer = InstanceAnswer.parse(response.body());
        return Optional.of(new ProtectionLease.State(answer.latestExpiry(), answer.protectedFromScaleIn(), answer.draining()));
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

    private CompletableFuture<LeaseAnswer> take(String instanceId, String holder) {
        return put(instanceId, "{\"leaseSeconds\":" + leaseDuration.toSeconds() + ",\"holder\":" + json(holder) + "}")
                .thenApply(LeaseAnswer::parse);
    }

    /** Renews these holders' leases on the instance in one request; one holder asks as a take does. */
    CompletableFuture<InstanceAnswer> renew(String instanceId, List<String> holderNames) {
        if (holderNames.size() == 1) {
            String holder = holderNames.get(0);
            return take(instanceId, holder).thenApply(a -> new InstanceAnswer(a.protectedFromScaleIn(), a.draining(),
                    Map.of(holder, a.expiresAt())));
        }
        return put(instanceId, "{\"leaseSeconds\":" + leaseDuration.toSeconds() + ",\"holders\":["
                + holderNames.stream().map(ProtectionClient::json).collect(Collectors.joining(",")) + "]}")
                .thenApply(InstanceAnswer::parse);
    }

    /** A PUT of the instance's protection; completes with the body of a 200, or fails with the refusal. */
    private CompletableFuture<String> put(String instanceId, String body) {
        return send(request(instanceId, "")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)))
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw refusal(response);
                    }
                    return response.body();
                });
    }

    void release(String instanceId, String holder) {
        HttpResponse<String> response = await(send(request(instanceId,
                "?holder=" + URLEncoder.encode(holder, StandardCharsets.UTF_8).replace("+", "%20")).DELETE()));
        if (response.statusCode() != 204 && response.statusCode() != 200) {
            throw refusal(response);
        }
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return renewer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void forget(ProtectionLease lease) {
        open.remove(lease);
        synchronized (renewals) {
            InstanceRenewal renewal = renewals.get(lease.instanceId());
            if (renewal != null && renewal.isEmpty()) {
                renewals.remove(lease.instanceId());
            }
        }
    }

    /** A JSON string of printable ASCII (holder names are nothing else). */
    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private HttpRequest.Builder request(String instanceId, String query) {
        URI uri = daemon.resolve("/v1/instances/" + URLEncoder.encode(instanceId, StandardCharsets.UTF_8) + "/protection"
                + query);
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
