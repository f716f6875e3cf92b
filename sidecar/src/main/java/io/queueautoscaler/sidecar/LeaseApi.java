package io.queueautoscaler.sidecar;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** queue-autoscaler's protection API for one instance: take or renew a holder's lease, release it. */
final class LeaseApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI daemon;
    private final URI protection;
    private final String authorization;
    private final long leaseSeconds;
    private final HttpClient http;

    LeaseApi(URI daemon, String instanceId, String workerToken, Duration leaseLength) {
        this.daemon = daemon;
        String base = daemon.toString().replaceAll("/+$", "");
        this.protection = URI.create(base + "/v1/instances/" + URLEncoder.encode(instanceId, StandardCharsets.UTF_8)
                + "/protection");
        this.authorization = "Bearer " + workerToken;
        this.leaseSeconds = leaseLength.toSeconds();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    URI daemon() {
        return daemon;
    }

    /** Takes or renews the holder's lease; completes exceptionally when the daemon cannot be reached. */
    CompletableFuture<Answer> take(String holder) {
        String body = "{\"leaseSeconds\":" + leaseSeconds + ",\"holder\":\"" + jsonEscape(holder) + "\"}";
        return send(request(protection)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Releases the holder's lease (the daemon answers 204 also when it holds none). */
    CompletableFuture<Answer> release(String holder) {
        return send(request(URI.create(protection + "?holder=" + URLEncoder.encode(holder, StandardCharsets.UTF_8)))
                .DELETE());
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private CompletableFuture<Answer> send(HttpRequest.Builder request) {
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Answer(r.statusCode(), r.body(), retryAfter(r)));
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After").map(v -> Duration.ofSeconds(Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Holder names are printable (the daemon checks); quotes and backslashes still need escaping. */
    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The daemon's answer: a status and the body, whose {@code message} says why when it refuses. */
    record Answer(int status, String body, Optional<Duration> retryAfter) {

        boolean ok() {
            return status == 200 || status == 204;
        }

        /** The daemon's {@code message}, or the body when it is not the API's error shape. */
        String message() {
            int key = body == null ? -1 : body.indexOf("\"message\":\"");
            if (key < 0) {
                return body == null || body.isBlank() ? "(no message)" : body;
            }
            int start = key + "\"message\":\"".length();
            int end = start;
            while (end < body.length() && body.charAt(end) != '"') {
                end += body.charAt(end) == '\\' ? 2 : 1;
            }
            return body.substring(start, Math.min(end, body.length()));
        }

        /**
         * The instance is draining (held in Terminating:Wait until its leases end): it must take no
         * new work. The daemon says so in a 409's message.
         */
        boolean draining() {
            return status == 409 && body != null && body.contains("draining");
        }
    }
}
