package io.queueautoscaler.sidecar;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * queue-autoscaler's protection API on a loopback port, as the sidecar sees it: holders' leases
 * per instance with their expiry, PUT takes or renews one, DELETE releases one. Records every call,
 * and can refuse every PUT with a scripted answer.
 */
final class FakeDaemon implements AutoCloseable {
    private static final Pattern PATH = Pattern.compile("/v1/instances/([^/]+)/protection");
    private static final Pattern HOLDER = Pattern.compile("\"holder\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern SECONDS = Pattern.compile("\"leaseSeconds\"\\s*:\\s*(\\d+)");

    record Call(String method, String instanceId, String holder, String authorization) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Map<String, Instant>> leases = new TreeMap<>();
    private int refusalStatus;
    private String refusalBody;

    FakeDaemon() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every PUT from now on gets this answer instead of a lease. */
    synchronized FakeDaemon refuseLeases(int status, String message) {
        refusalStatus = status;
        refusalBody = "{\"code\":" + status + ",\"message\":\"" + message + "\"}";
        return this;
    }

    /** The holders with a live lease on the instance. */
    synchronized List<String> liveHolders(String instanceId) {
        Instant now = Instant.now();
        return leases.getOrDefault(instanceId, Map.of()).entrySet().stream()
                .filter(e -> e.getValue().isAfter(now)).map(Map.Entry::getKey).sorted().toList();
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
        if (!path.matches()) {
            answer(exchange, 404, "{\"code\":404,\"message\":\"HTTP 404 Not Found\"}");
            return;
        }
        String instanceId = path.group(1);
        String method = exchange.getRequestMethod();
        int status;
        String answer;
        synchronized (this) {
            String holder = method.equals("PUT") ? find(HOLDER, body) : queryHolder(exchange.getRequestURI());
            calls.add(new Call(method, instanceId, holder, exchange.getRequestHeaders().getFirst("Authorization")));
            if (method.equals("PUT") && refusalBody != null) {
                status = refusalStatus;
                answer = refusalBody;
            } else if (method.equals("PUT")) {
                Instant expiresAt = Instant.now().plusSeconds(Long.parseLong(find(SECONDS, body)));
                leases.computeIfAbsent(instanceId, id -> new TreeMap<>()).put(holder, expiresAt);
                status = 200;
                answer = "{\"instanceId\":\"" + instanceId + "\",\"autoScalingGroupName\":\"workers\",\"holder\":\""
                        + holder + "\",\"expiresAt\":\"" + expiresAt + "\",\"protected\":true,\"draining\":false}";
            } else if (method.equals("DELETE")) {
                leases.getOrDefault(instanceId, new TreeMap<>()).remove(holder);
                status = 204;
                answer = "";
            } else {
                status = 405;
                answer = "{\"code\":405,\"message\":\"HTTP 405 Method Not Allowed\"}";
            }
        }
        answer(exchange, status, answer);
    }

    private static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + pattern + " in " + body);
        }
        return m.group(1);
    }

    private static String queryHolder(URI uri) {
        String query = uri.getRawQuery();
        if (query == null || !query.startsWith("holder=")) {
            return null;
        }
        return URLDecoder.decode(query.substring("holder=".length()), StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
