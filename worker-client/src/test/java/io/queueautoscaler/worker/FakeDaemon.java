package io.queueautoscaler.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon's protection API on a loopback port, answering from a script: each request takes the
 * next scripted answer for its method, or the method's default; a PUT without a scripted answer
 * grants what it asks (every holder it names, unprotected). Records every request as it lands
 * (is handled), and can hold one PUT on arrival until the test lets it land.
 */
final class FakeDaemon implements AutoCloseable {

    /** {@code path} includes the query string, if any. */
    record Request(String method, String path, String authorization, String body) {
    }

    record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Answer> puts = new ArrayDeque<>();
    private final Deque<Answer> gets = new ArrayDeque<>();
    private static final Pattern HOLDER = Pattern.compile("\"holder\":\"([^\"]*)\"");
    private static final Pattern HOLDERS = Pattern.compile("\"holders\":\\[([^\\]]*)]");
    private Answer defaultPut;
    private Answer defaultGet = instance(false, "worker-1");
    private int putsArrived;
    private int heldPut;
    private final CountDownLatch heldPutArrived = new CountDownLatch(1);
    private final CountDownLatch heldPutLands = new CountDownLatch(1);

    FakeDaemon() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static Answer lease(boolean isProtected) {
        return lease("worker-1", isProtected);
    }

    static Answer lease(String holder, boolean isProtected) {
        return new Answer(200, "{\"instanceId\":\"i-0a1b2c3d4e5f60001\",\"autoScalingGroupName\":\"thumbnails-workers\","
                + "\"holder\":\"" + holder + "\",\"expiresAt\":\"2026-11-26T10:05:00Z\",\"protected\":" + isProtected
                + ",\"draining\":false}");
    }

    /** The GET shape (also the answer to a renewal of several holders). */
    static Answer instance(boolean isProtected, String... holders) {
        StringBuilder items = new StringBuilder();
        for (String holder : holders) {
            items.append(items.length() == 0 ? "" : ",")
                    .append("{\"holder\":\"").append(holder).append("\",\"expiresAt\":\"2026-11-26T10:05:00Z\"}");
        }
        return new Answer(200, "{\"instanceId\":\"i-0a1b2c3d4e5f60001\",\"autoScalingGroupName\":\"thumbnails-workers\","
                + "\"protected\":" + isProtected + ",\"draining\":false,\"holders\":[" + items + "]}");
    }

    /** What the daemon grants a PUT that asks for these holders. */
    private static Answer granting(String body) {
        Matcher several = HOLDERS.matcher(body);
        if (several.find()) {
            return instance(false, several.group(1).replace("\"", "").split(","));
        }
        Matcher one = HOLDER.matcher(body);
        return lease(one.find() ? one.group(1) : "i-0a1b2c3d4e5f60001", false);
    }

    static Answer error(int status, String message) {
        return new Answer(status, "{\"code\":" + status + ",\"message\":\"" + message + "\"}");
    }

    synchronized FakeDaemon thenPut(Answer answer) {
        puts.add(answer);
        return this;
    }

    synchronized FakeDaemon thenGet(Answer answer) {
        gets.add(answer);
        return this;
    }

    synchronized FakeDaemon alwaysPut(Answer answer) {
        defaultPut = answer;
        return this;
    }

    synchronized FakeDaemon alwaysGet(Answer answer) {
        defaultGet = answer;
        return this;
    }

    /** Holds the {@code nth} PUT to arrive (counting from 1) until {@link #landHeldPut()}. */
    synchronized FakeDaemon holdPut(int nth) {
        heldPut = nth;
        return this;
    }

    /** Waits (bounded) until the held PUT arrived; whether it did is the assertion. */
    boolean awaitHeldPut() throws InterruptedException {
        return heldPutArrived.await(30, TimeUnit.SECONDS);
    }

    void landHeldPut() {
        heldPutLands.countDown();
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized long count(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).count();
    }

    /** Waits (bounded) until {@code count} requests of the method arrived; the assertion is on the count. */
    long awaitCount(String method, long count) throws InterruptedException {
        for (int i = 0; i < 200 && count(method) < count; i++) {
            Thread.sleep(50);
        }
        return count(method);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean hold;
        synchronized (this) {
            hold = exchange.getRequestMethod().equals("PUT") && ++putsArrived == heldPut;
        }
        if (hold) {
            heldPutArrived.countDown();
            try {
                heldPutLands.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
        }
        Answer answer;
        synchronized (this) {
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(new Request(exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            answer = switch (exchange.getRequestMethod()) {
                case "PUT" -> !puts.isEmpty() ? puts.poll() : defaultPut != null ? defaultPut : granting(body);
                case "GET" -> gets.isEmpty() ? defaultGet : gets.poll();
                default -> new Answer(204, "");
            };
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), answer.status() == 204 ? -1 : bytes.length);
        if (answer.status() != 204) {
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
