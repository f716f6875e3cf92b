package io.queueautoscaler.sidecar;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A worker application as the SQS daemon's POSTs reach it: each POST takes {@code work} before it
 * answers 201 with headers of its own and a binary body (the request's bytes, reversed). Records
 * what arrived, headers included, and lets a test wait until a request is being worked on.
 */
final class FakeWorker implements AutoCloseable {
    static final byte[] ANSWER_PREFIX = {0, (byte) 0xff, '\r', '\n', 0x7f};

    record Received(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Duration work;
    private final List<Received> received = new ArrayList<>();
    private final CountDownLatch working = new CountDownLatch(1);

    FakeWorker(Duration work) throws IOException {
        this.work = work;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Waits (bounded) until the first request is being worked on; whether it is, is the assertion. */
    boolean awaitWorking() throws InterruptedException {
        return working.await(30, TimeUnit.SECONDS);
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** What the worker answers to {@code body}. */
    static byte[] answerTo(byte[] body) {
        byte[] answer = new byte[ANSWER_PREFIX.length + body.length];
        System.arraycopy(ANSWER_PREFIX, 0, answer, 0, ANSWER_PREFIX.length);
        for (int i = 0; i < body.length; i++) {
            answer[ANSWER_PREFIX.length + i] = body[body.length - 1 - i];
        }
        return answer;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        synchronized (this) {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body));
        }
        working.countDown();
        if (exchange.getRequestMethod().equals("POST")) {
            try {
                Thread.sleep(work.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] answer = answerTo(body);
        exchange.getResponseHeaders().add("X-Worker-Result", "thumbnail made");
        exchange.getResponseHeaders().add("Set-Cookie", "a=1");
        exchange.getResponseHeaders().add("Set-Cookie", "b=2");
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(201, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
