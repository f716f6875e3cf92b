package io.queueautoscaler.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.api.RequestLimits;
import io.queueautoscaler.testing.LocalYml;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile requests at the running daemon (config/local.yml, the shipped policies, H2): the five
 * that answered 500 in the reliability run, then a fuzz of malformed ids, bodies up to 10 MB (a
 * handful of those: the cap refuses them unread), content types, query parameters, cursors and
 * tokens. Every one gets an answer below 500.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HostileInputTest {
    private static final String ADMIN = "local-admin-token";
    private static final String WORKER = "local-worker-token";
    private static final String INSTANCE = "/v1/instances/i-0123456789abcdef0/protection";

    private static final DropwizardAppExtension<QueueAutoscalerConfiguration> APP = LocalYml.app(
            Map.of("server.applicationConnectors[0].idleTimeout", "2s"));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void anUnknownCharsetIs415() throws Exception {
        HttpResponse<String> response = send("PUT", INSTANCE, WORKER, "application/json; charset=nonexistent",
                "{\"leaseSeconds\": 60}".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("charset 'nonexistent'");
    }

    @Test
    void timesNoDatabaseCanHoldAre400() throws Exception {
        for (String since : List.of("%2B999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z")) {
            HttpResponse<String> response = send("GET", "/v1/decisions?since=" + since, ADMIN, null, null);
            assertThat(response.statusCode()).as(since).isEqualTo(400);
            assertThat(response.body()).contains("out of range");
        }
    }

    @Test
    void aNulInThePolicyFilterIs400() throws Exception {
        HttpResponse<String> response = send("GET", "/v1/decisions?policy=%00", ADMIN, null, null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("not a policy name").doesNotContain("\u0000");
    }

    @Test
    void aChunkedBodyThatNeverArrivesIsAnsweredOrClosedWithoutA500() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + INSTANCE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + WORKER
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"lease")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 408");
        }
    }

    @Test
    void aBodyPast64KbIs413() throws Exception {
        HttpResponse<String> response = send("PUT", INSTANCE, WORKER, "application/json", new byte[64 * 1024 + 1]);
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void aTokenInTheQueryStringIsRefused() throws Exception {
        HttpResponse<String> response = send("GET", "/v1/decisions?access_token=" + ADMIN, null, null, null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Authorization: Bearer").doesNotContain(ADMIN);
    }

    @Test
    void trailingGarbageAndDuplicateKeysAre400() throws Exception {
        for (String body : List.of("{\"leaseSeconds\": 60} garbage", "{\"leaseSeconds\": 60, \"leaseSeconds\": 3600}",
                "{\"holder\": \"task-17\"} {}", "{\"holder\": \"task-17\", \"holder\": \"task-18\"}")) {
            HttpResponse<String> response = send("PUT", INSTANCE, WORKER, "application/json",
                    body.getBytes(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(body).isEqualTo(400);
        }
    }

    @Test
    void twoHundredMalformedRequestsGetNo5xx() throws Exception {
        Random random = new Random(10);
        List<String> paths = List.of("/v1/decisions", "/v1/decisions/", "/v1/decisions/%s", "/v1/policies/%s",
                "/v1/instances/%s/protection", "/v1/leases", "/v1/decisions?limit=%s", "/v1/decisions?cursor=%s",
                "/v1/decisions?until=%s", "/v1/decisions?since=%s", "/v1/decisions?policy=%s",
                "/v1/leases?autoScalingGroupName=%s");
        List<String> junk = List.of("", "-1", "0", "99999999999999999999", "%00", "%FF%FE", "..%2F..%2Fetc%2Fpasswd",
                "i-", "i-zzzzzzzzzzzzzzzzz", "a".repeat(5000), "%E2%80%AE", "null", "%22%3E%3Cscript%3E", "1e308",
                "NaN", "eyJ0IjoxfQ", "AAAA", "%2B999999999-12-31T23:59:59Z", "2026-13-45T25:61:61Z");
        List<String> types = List.of("application/json", "text/plain", "application/json; charset=nonexistent",
                "application/json; charset=", "garbage", "multipart/form-data; boundary=x", "application/xml",
                "application/json; charset=utf-16");
        List<String> tokens = List.of(ADMIN, WORKER, "", "Bearer", "x".repeat(10_000), "\u00e9t\u00e9", WORKER + " extra");
        List<byte[]> bodies = List.of(new byte[0], "{".getBytes(StandardCharsets.UTF_8), "[]".getBytes(StandardCharsets.UTF_8),
                "{\"leaseSeconds\": -1}".getBytes(StandardCharsets.UTF_8), "{\"leaseSeconds\": 1e999}".getBytes(StandardCharsets.UTF_8),
                "{\"leaseSeconds\": \"60\"}".getBytes(StandardCharsets.UTF_8), new byte[]{(byte) 0xff, (byte) 0xfe, 0, 0},
                "{\"a\":".repeat(10_000).getBytes(StandardCharsets.UTF_8), new byte[RequestLimits.MAX_BODY_BYTES + 1]);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (int i = 0; i < 220; i++) {
            String path = paths.get(random.nextInt(paths.size()));
            if (path.contains("%s")) {
                path = path.replace("%s", junk.get(random.nextInt(junk.size())));
            }
            String method = List.of("GET", "PUT", "DELETE", "POST").get(random.nextInt(4));
            byte[] body = method.equals("PUT") || method.equals("POST") ? bodies.get(random.nextInt(bodies.size())) : null;
            String type = body == null ? null : types.get(random.nextInt(types.size()));
            String token = tokens.get(random.nextInt(tokens.size()));
            HttpResponse<String> response;
            try {
                response = send(method, path, token, type, body);
            } catch (IllegalArgumentException e) {
                continue; // a URI or header the HTTP client itself refuses to send
            } catch (IOException e) {
                continue; // Jetty closed the connection on a request it refuses to parse (a 10 KB header): no 5xx
            }
            sent++;
            if (response.statusCode() >= 500) {
                failures.add(method + " " + abbreviate(path) + " " + type + " -> " + response.statusCode() + " " + abbreviate(response.body()));
            }
        }
        // Five 10 MB bodies announced by Content-Length: the cap answers 413 from the header alone,
        // before a byte of the body is sent, so none costs 10 MB of heap. Over a raw socket, because
        // an HTTP client still uploading when the server answers and closes may lose the answer.
        for (int i = 0; i < 5; i++) {
            String path = paths.get(random.nextInt(paths.size())).replace("%s", "i-0123456789abcdef0");
            String method = i % 2 == 0 ? "PUT" : "POST";
            String answer = announceBody(method, path, i % 2 == 0 ? WORKER : ADMIN, 10 * 1024 * 1024);
            sent++;
            if (!answer.startsWith("HTTP/1.1 413")) {
                failures.add(method + " " + path + " 10 MB -> " + abbreviate(answer));
            }
        }
        assertThat(sent).isGreaterThanOrEqualTo(200);
        assertThat(failures).isEmpty();
        assertThat(send("GET", "/v1/policies", ADMIN, null, null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String token, String type, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        if (type != null) {
            request.header("Content-Type", type);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request's headers announcing a body of {@code length} bytes, none of the body, and returns the answer. */
    private static String announceBody(String method, String path, String token, int length) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readAll(socket.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer and no close within 30 s: the request thread hangs", e);
        } catch (IOException e) {
            return text.toString(); // reset by the server: closed, which is an answer
        }
        return text.toString();
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
