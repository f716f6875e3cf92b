package io.queueautoscaler.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SidecarTest {
    private static final String INSTANCE = "i-0a1b2c3d4e5f60001";
    private static final String MESSAGE_ID = "6d4d9535-2325-4099-8711-1aad537e8cce";
    private static final String TOKEN = "worker-token";

    private final HttpClient sqsd = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private FakeWorker worker;
    private FakeDaemon daemon;
    private Sidecar sidecar;

    @AfterEach
    void stop() {
        if (sidecar != null) {
            sidecar.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void holdsALeaseNamedForTheMessageWhileTheWorkerRunsAndReleasesItAfter() throws Exception {
        worker = new FakeWorker(Duration.ofSeconds(3));
        daemon = new FakeDaemon();
        sidecar = start(daemon.uri(), Duration.ofSeconds(3));

        CompletableFuture<HttpResponse<byte[]>> answer = sqsd.sendAsync(message("{\"video\":17}"),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(worker.awaitWorking()).isTrue();

        assertThat(daemon.liveHolders(INSTANCE)).containsExactly(MESSAGE_ID);
        assertThat(answer.get().statusCode()).isEqualTo(201);
        assertThat(eventually(() -> daemon.liveHolders(INSTANCE), List::isEmpty)).isEmpty();
        assertThat(daemon.calls("DELETE")).singleElement().satisfies(call -> {
            assertThat(call.holder()).isEqualTo(MESSAGE_ID);
            assertThat(call.instanceId()).isEqualTo(INSTANCE);
        });
        // A 3 s lease is renewed every second while the 3 s request runs, all under the message's name.
        assertThat(daemon.calls("PUT")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(call -> assertThat(call.holder()).isEqualTo(MESSAGE_ID))
                .allSatisfy(call -> assertThat(call.authorization()).isEqualTo("Bearer " + TOKEN));
    }

    @Test
    void theRequestAndTheAnswerPassUnchanged() throws Exception {
        worker = new FakeWorker(Duration.ZERO);
        daemon = new FakeDaemon();
        sidecar = start(daemon.uri(), Duration.ofSeconds(60));
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }

        HttpResponse<byte[]> answer = sqsd.send(HttpRequest.newBuilder(sidecarUri("/tasks/thumbnail?size=large&x=%2F"))
                .header("Content-Type", "application/octet-stream")
                .header("User-Agent", "aws-sqsd/3.0.4")
                .header("X-Aws-Sqsd-Msgid", MESSAGE_ID)
                .header("X-Aws-Sqsd-Receive-Count", "2")
                .header("X-Aws-Sqsd-Attr-Tenant", "a")
                .header("X-Aws-Sqsd-Attr-Tenant", "b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.body()).isEqualTo(FakeWorker.answerTo(body));
        assertThat(answer.headers().allValues("X-Worker-Result")).containsExactly("thumbnail made");
        assertThat(answer.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(answer.headers().firstValueAsLong("Content-Length")).hasValue(FakeWorker.answerTo(body).length);

        FakeWorker.Received received = worker.received().get(0);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.rawPath()).isEqualTo("/tasks/thumbnail");
        assertThat(received.rawQuery()).isEqualTo("size=large&x=%2F");
        assertThat(received.body()).isEqualTo(body);
        assertThat(received.headers())
                .containsEntry("Content-type", List.of("application/octet-stream"))
                .containsEntry("User-agent", List.of("aws-sqsd/3.0.4"))
                .containsEntry("X-aws-sqsd-msgid", List.of(MESSAGE_ID))
                .containsEntry("X-aws-sqsd-receive-count", List.of("2"))
                .containsEntry("X-aws-sqsd-attr-tenant", List.of("a", "b"))
                .containsEntry("Content-length", List.of("256"));
    }

    @Test
    void otherMethodsAndEmptyBodiesPassToo() throws Exception {
        worker = new FakeWorker(Duration.ZERO);
        daemon = new FakeDaemon();
        sidecar = start(daemon.uri(), Duration.ofSeconds(60));

        HttpResponse<byte[]> get = sqsd.send(HttpRequest.newBuilder(sidecarUri("/health")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> delete = sqsd.send(HttpRequest.newBuilder(sidecarUri("/jobs/4")).DELETE().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(get.statusCode()).isEqualTo(201);
        assertThat(delete.statusCode()).isEqualTo(201);
        assertThat(worker.received()).extracting(FakeWorker.Received::method, FakeWorker.Received::rawPath)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/health"),
                        org.assertj.core.groups.Tuple.tuple("DELETE", "/jobs/4"));
        assertThat(worker.received()).allSatisfy(r -> assertThat(r.body()).isEmpty());
    }

    @Test
    void hopByHopHeadersStayWithTheirHop() throws Exception {
        worker = new FakeWorker(Duration.ZERO);
        daemon = new FakeDaemon();
        sidecar = start(daemon.uri(), Duration.ofSeconds(60));

        // The JDK's client will not send a Connection header, so this caller speaks HTTP itself.
        try (Socket socket = new Socket("127.0.0.1", sidecar.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /work HTTP/1.1\r\nHost: localhost\r\nConnection: close, X-Hop-Secret\r\n"
                    + "X-Hop-Secret: only-for-the-sidecar\r\nKeep-Alive: timeout=5\r\nX-End-To-End: kept\r\n"
                    + "Content-Length: 2\r\n\r\nhi").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1)).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 201");
        }

        assertThat(worker.received().get(0).headers())
                .containsEntry("X-end-to-end", List.of("kept"))
                .doesNotContainKeys("X-hop-secret", "Keep-alive")
                .containsEntry("Content-length", List.of("2"));
    }

    @Test
    void withTheDaemonDownRequestsStillPassAndTheFailureIsLoggedOncePerMinute() throws Exception {
        worker = new FakeWorker(Duration.ZERO);
        try (LogRecords log = new LogRecords()) {
            sidecar = start(closedPort(), Duration.ofSeconds(60));

            for (int i = 0; i < 5; i++) {
                assertThat(sqsd.send(message("task " + i), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
            }
            assertThat(worker.received()).hasSize(5);
            assertThat(log.messagesContaining("cannot reach queue-autoscaler")).singleElement()
                    .satisfies(line -> assertThat(line).contains(INSTANCE, "forwarded unprotected"));

            clock.advance(Duration.ofSeconds(61));
            assertThat(sqsd.send(message("task 5"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
            assertThat(log.messagesContaining("cannot reach queue-autoscaler")).hasSize(2)
                    .last().satisfies(line -> assertThat(line).contains("4 more like it since 2026-11-30T10:00:00Z"));
        }
    }

    @Test
    void aDrainingInstanceTakesNoNewMessage() throws Exception {
        worker = new FakeWorker(Duration.ZERO);
        daemon = new FakeDaemon().refuseLeases(409, "instance " + INSTANCE + " is draining: it is in Terminating:Wait "
                + "until its leases end; it takes no new lease");
        sidecar = start(daemon.uri(), Duration.ofSeconds(60));

        HttpResponse<String> answer = sqsd.send(message("{}"), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains("is draining");
        assertThat(worker.received()).isEmpty();
        assertThat(daemon.calls("DELETE")).isEmpty();
    }

    @Test
    void aRefusalThatDoesNotStopWorkLetsTheRequestThroughAndIsLogged() throws Exception {
        worker = new FakeWorker(Duration.ZERO);
        daemon = new FakeDaemon().refuseLeases(409, "instance " + INSTANCE + " is in Auto Scaling group other, "
                + "which no policy manages");
        try (LogRecords log = new LogRecords()) {
            sidecar = start(daemon.uri(), Duration.ofSeconds(60));

            assertThat(sqsd.send(message("{}"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
            assertThat(eventually(() -> log.messagesContaining("refused a lease"), l -> !l.isEmpty())).singleElement()
                    .satisfies(line -> assertThat(line).contains("HTTP 409", "which no policy manages"));
        }
    }

    @Test
    void aMessageDeliveredTwiceAtOnceHoldsTwoLeases() throws Exception {
        worker = new FakeWorker(Duration.ofSeconds(2));
        daemon = new FakeDaemon();
        sidecar = start(daemon.uri(), Duration.ofSeconds(60));

        CompletableFuture<HttpResponse<String>> first = sqsd.sendAsync(message("a"), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> second = sqsd.sendAsync(message("a"), HttpResponse.BodyHandlers.ofString());
        assertThat(eventually(() -> daemon.liveHolders(INSTANCE), l -> l.size() == 2))
                .hasSize(2).contains(MESSAGE_ID).anySatisfy(h -> assertThat(h).startsWith("sidecar-"));

        assertThat(first.get().statusCode()).isEqualTo(201);
        assertThat(second.get().statusCode()).isEqualTo(201);
        assertThat(eventually(() -> daemon.liveHolders(INSTANCE), List::isEmpty)).isEmpty();
    }

    @Test
    void aRequestWithoutAMessageIdGetsAUniqueHolder() throws Exception {
        worker = new FakeWorker(Duration.ZERO);
        daemon = new FakeDaemon();
        sidecar = start(daemon.uri(), Duration.ofSeconds(60));

        sqsd.send(HttpRequest.newBuilder(sidecarUri("/")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        sqsd.send(HttpRequest.newBuilder(sidecarUri("/")).POST(HttpRequest.BodyPublishers.ofString("y")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(daemon.calls("PUT")).extracting(FakeDaemon.Call::holder).doesNotHaveDuplicates()
                .allSatisfy(h -> assertThat(h).startsWith("sidecar-"));
    }

    @Test
    void stoppingLetsTheRunningRequestFinishAndReleasesItsLease() throws Exception {
        worker = new FakeWorker(Duration.ofSeconds(2));
        daemon = new FakeDaemon();
        sidecar = start(daemon.uri(), Duration.ofSeconds(60));
        CompletableFuture<HttpResponse<byte[]>> running = sqsd.sendAsync(message("last"),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(worker.awaitWorking()).isTrue();

        sidecar.close();

        assertThat(running.get().statusCode()).isEqualTo(201);
        assertThat(running.get().body()).isEqualTo(FakeWorker.answerTo("last".getBytes(StandardCharsets.UTF_8)));
        assertThat(daemon.liveHolders(INSTANCE)).as("released before close returned").isEmpty();
        assertThat(daemon.calls("DELETE")).extracting(FakeDaemon.Call::holder).containsExactly(MESSAGE_ID);
        sidecar = null;
    }

    @Test
    void anUnreachableWorkerIsABadGateway() throws Exception {
        daemon = new FakeDaemon();
        sidecar = Sidecar.start(options(closedPort(), daemon.uri(), Duration.ofSeconds(60)), unusedMetadata(), clock);

        HttpResponse<String> answer = sqsd.send(message("{}"), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).contains("worker application");
        assertThat(eventually(() -> daemon.liveHolders(INSTANCE), List::isEmpty)).isEmpty();
    }

    private Sidecar start(URI daemonUri, Duration lease) throws IOException {
        return Sidecar.start(options(worker.uri(), daemonUri, lease), unusedMetadata(), clock);
    }

    private static SidecarOptions options(URI workerUri, URI daemonUri, Duration lease) {
        return new SidecarOptions(new InetSocketAddress("127.0.0.1", 0), workerUri, daemonUri, Optional.of(INSTANCE),
                TOKEN, lease);
    }

    /** The options name the instance, so the metadata service is never asked; a closed port says so if it were. */
    private static InstanceMetadata unusedMetadata() throws IOException {
        return new InstanceMetadata(closedPort());
    }

    private HttpRequest message(String body) {
        return HttpRequest.newBuilder(sidecarUri("/"))
                .header("Content-Type", "application/json")
                .header("User-Agent", "aws-sqsd/3.0.4")
                .header("X-Aws-Sqsd-Msgid", MESSAGE_ID)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private URI sidecarUri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + sidecar.address().getPort() + pathAndQuery);
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    /** Polls (bounded) until {@code done} holds; the caller asserts on the value returned. */
    private static <T> T eventually(Supplier<T> value, java.util.function.Predicate<T> done) throws InterruptedException {
        T current = value.get();
        for (int i = 0; i < 200 && !done.test(current); i++) {
            Thread.sleep(25);
            current = value.get();
        }
        return current;
    }
}
