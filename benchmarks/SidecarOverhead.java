import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.queueautoscaler.sidecar.InstanceMetadata;
import io.queueautoscaler.sidecar.Sidecar;
import io.queueautoscaler.sidecar.SidecarOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the lease sidecar adds to each request: the same POSTs (1 KiB, an SQS message ID each) sent
 * to a worker application directly, then through the sidecar, which takes and releases a lease per
 * request on a daemon stand-in that answers at once. Prints requests per second and latency
 * percentiles of both runs, and the lease calls the daemon got. Loopback only; the JDK and the
 * sidecar jar only:
 *
 *   java -cp sidecar/target/queue-autoscaler-sidecar.jar benchmarks/SidecarOverhead.java --connections 16 --seconds 20
 */
public final class SidecarOverhead {
    private static final byte[] MESSAGE = new byte[1024];
    private static final byte[] ANSWER = new byte[512];

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int connections = Integer.parseInt(options.getOrDefault("connections", "16"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        int workMillis = Integer.parseInt(options.getOrDefault("work-ms", "0"));

        AtomicLong leaseCalls = new AtomicLong();
        HttpServer worker = server(exchange -> {
            exchange.getRequestBody().readAllBytes();
            sleep(workMillis);
            answer(exchange, 200, ANSWER);
        });
        HttpServer daemon = server(exchange -> {
            exchange.getRequestBody().readAllBytes();
            leaseCalls.incrementAndGet();
            if (exchange.getRequestMethod().equals("PUT")) {
                answer(exchange, 200, ("{\"instanceId\":\"i-0a1b2c3d4e5f60001\",\"autoScalingGroupName\":\"workers\","
                        + "\"expiresAt\":\"2026-11-30T10:01:00Z\",\"protected\":true,\"draining\":false}").getBytes());
            } else {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
        });
        Sidecar sidecar = Sidecar.start(new SidecarOptions(new InetSocketAddress("127.0.0.1", 0), uri(worker), uri(daemon),
                Optional.of("i-0a1b2c3d4e5f60001"), "benchmark-token", Duration.ofSeconds(60)),
                new InstanceMetadata(URI.create("http://127.0.0.1:9")), Clock.systemUTC());
        URI through = URI.create("http://127.0.0.1:" + sidecar.address().getPort());
        try {
            run("warm-up", through, connections, Math.max(2, seconds / 4));
            Result direct = run("direct to the worker", uri(worker), connections, seconds);
            long before = leaseCalls.get();
            Result proxied = run("through the sidecar", through, connections, seconds);
            System.out.printf(Locale.ROOT, "added latency: p50 %.2f ms, p99 %.2f ms; lease calls per request %.2f%n",
                    proxied.p50 - direct.p50, proxied.p99 - direct.p99, (leaseCalls.get() - before) / (double) proxied.requests);
        } finally {
            sidecar.close();
            worker.stop(0);
            daemon.stop(0);
        }
        System.exit(0);
    }

    private record Result(long requests, double p50, double p99) {
    }

    private static Result run(String name, URI target, int connections, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<long[]> perThread = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        List<java.util.concurrent.Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            futures.add(threads.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    HttpRequest request = HttpRequest.newBuilder(target.resolve("/"))
                            .header("Content-Type", "application/json")
                            .header("X-Aws-Sqsd-Msgid", UUID.randomUUID().toString())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(MESSAGE)).build();
                    long start = System.nanoTime();
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    long took = System.nanoTime() - start;
                    if (response.statusCode() != 200 || response.body().length != ANSWER.length) {
                        throw new IllegalStateException("unexpected answer " + response.statusCode());
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = took;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        for (var future : futures) {
            perThread.add(future.get());
        }
        threads.shutdown();
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double p50 = all[all.length / 2] / 1e6;
        double p99 = all[(int) (all.length * 0.99)] / 1e6;
        System.out.printf(Locale.ROOT, "%-22s %7d requests in %d s = %7.0f req/s, p50 %.2f ms, p99 %.2f ms (%d connections)%n",
                name, all.length, seconds, all.length / (double) seconds, p50, p99, connections);
        return new Result(all.length, p50, p99);
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static HttpServer server(Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", exchange -> {
            try (exchange) {
                handler.handle(exchange);
            }
        });
        server.start();
        return server;
    }

    private static URI uri(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(int millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
