package io.queueautoscaler.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each task of a local instance holds its own lease, like any worker's, and releases only its own. */
class HttpWorkerLeaseTest {
    private static final String INSTANCE = "i-0a1b2c3d4e5f60001";

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String answer = "{\"instanceId\":\"" + INSTANCE + "\",\"autoScalingGroupName\":\"thumbnails-workers\","
            + "\"expiresAt\":\"2026-11-26T10:00:30Z\",\"protected\":true}";
    private final HttpServer daemon;

    HttpWorkerLeaseTest() throws IOException {
        daemon = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        daemon.createContext("/", this::handle);
        daemon.start();
    }

    @AfterEach
    void stop() {
        daemon.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query)
                + " " + exchange.getRequestHeaders().getFirst("Authorization"));
        exchange.getRequestBody().readAllBytes();
        if (exchange.getRequestMethod().equals("DELETE")) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private HttpWorkerLease connected() {
        HttpWorkerLease lease = new HttpWorkerLease("local-worker-token", Duration.ofSeconds(30), Duration.ofSeconds(5));
        lease.connect(URI.create("http://127.0.0.1:" + daemon.getAddress().getPort()));
        return lease;
    }

    @Test
    void eachTaskTakesItsOwnLeaseAndReleasesOnlyItsOwn() {
        HttpWorkerLease lease = connected();
        String path = "/v1/instances/" + INSTANCE + "/protection";

        WorkerLease.Held first = lease.hold(INSTANCE);
        WorkerLease.Held second = lease.hold(INSTANCE);
        assertThat(first.protectedFromScaleIn()).isTrue();
        assertThat(second.protectedFromScaleIn()).isTrue();
        first.close();
        first.close(); // a handle releases once

        assertThat(requests).hasSize(3);
        assertThat(requests.subList(0, 2)).allSatisfy(r -> assertThat(r).isEqualTo("PUT " + path + " Bearer local-worker-token"));
        assertThat(requests.get(2)).matches("DELETE " + path + "\\?holder=worker-[0-9a-f]+-1 Bearer local-worker-token");
        second.close();
        assertThat(requests).hasSize(4);
        assertThat(requests.get(3)).matches("DELETE " + path + "\\?holder=worker-[0-9a-f]+-2 Bearer local-worker-token");
    }

    @Test
    void aWorkerThatCannotGetALeaseWorksUnprotected() {
        HttpWorkerLease lease = new HttpWorkerLease("local-worker-token", Duration.ofSeconds(30), Duration.ofSeconds(5));
        daemon.stop(0);
        lease.connect(URI.create("http://127.0.0.1:" + daemon.getAddress().getPort()));

        try (WorkerLease.Held held = lease.hold(INSTANCE)) {
            assertThat(held.protectedFromScaleIn()).isFalse();
        }
    }

    @Test
    void aLeaseTheDaemonHasNotProtectedInTimeIsHeldUnprotected() {
        answer = answer.replace("\"protected\":true", "\"protected\":false");
        HttpWorkerLease lease = new HttpWorkerLease("local-worker-token", Duration.ofSeconds(30), Duration.ofMillis(300));
        lease.connect(URI.create("http://127.0.0.1:" + daemon.getAddress().getPort()));

        try (WorkerLease.Held held = lease.hold(INSTANCE)) {
            assertThat(held.protectedFromScaleIn()).isFalse();
        }
        assertThat(requests).last().asString().startsWith("DELETE");
    }
}
