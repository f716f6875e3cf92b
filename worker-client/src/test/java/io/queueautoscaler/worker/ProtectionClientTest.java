package io.queueautoscaler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProtectionClientTest {
    private static final String INSTANCE = "i-0a1b2c3d4e5f60001";

    private final FakeDaemon daemon = new FakeDaemon();
    private ProtectionClient client;

    ProtectionClientTest() throws IOException {
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        daemon.close();
    }

    private ProtectionClient client(Duration lease, double renewFraction) {
        client = ProtectionClient.builder(daemon.uri(), "worker-secret")
                .leaseDuration(lease).renewFraction(renewFraction).requestTimeout(Duration.ofSeconds(5)).build();
        return client;
    }

    @Test
    void takesALeaseWithTheWorkerTokenAndTheLeaseDuration() {
        daemon.thenPut(FakeDaemon.lease(true));

        ProtectionLease lease = client(Duration.ofMinutes(2), 0.5).protect(INSTANCE);

        FakeDaemon.Request put = daemon.requests().get(0);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo("/v1/instances/" + INSTANCE + "/protection");
        assertThat(put.authorization()).isEqualTo("Bearer worker-secret");
        assertThat(put.body()).matches("\\{\"leaseSeconds\":120,\"holder\":\"worker-[0-9a-f]+-1\"}");
        assertThat(lease.holder()).matches("worker-[0-9a-f]+-1");
        assertThat(lease.instanceId()).isEqualTo(INSTANCE);
        assertThat(lease.autoScalingGroupName()).isEqualTo("thumbnails-workers");
        assertThat(lease.expiresAt()).isEqualTo(Instant.parse("2026-11-26T10:05:00Z"));
        assertThat(lease.isProtected()).isTrue();
    }

    @Test
    void renewsInTheBackgroundUntilClosedAndThenReleasesOnce() throws Exception {
        ProtectionClient c = client(Duration.ofSeconds(1), 0.1);

        String holder;
        try (ProtectionLease lease = c.protect(INSTANCE)) {
            holder = lease.holder();
            assertThat(daemon.awaitCount("PUT", 3)).isGreaterThanOrEqualTo(3);
            lease.close(); // closing twice releases once
        }

        assertThat(daemon.count("DELETE")).isEqualTo(1);
        assertThat(daemon.requests()).filteredOn(r -> r.method().equals("DELETE"))
                .extracting(FakeDaemon.Request::path).containsExactly("/v1/instances/" + INSTANCE + "/protection?holder="
                        + holder);
    }

    @Test
    void eachProtectHoldsItsOwnLeaseAndClosingOneReleasesOnlyItsHolder() throws Exception {
        ProtectionClient c = client(Duration.ofMinutes(5), 0.3);
        ProtectionLease first = c.protect(INSTANCE);
        ProtectionLease second = c.protect(INSTANCE);

        first.close();

        assertThat(first.holder()).isNotEqualTo(second.holder());
        assertThat(daemon.requests()).filteredOn(r -> r.method().equals("DELETE")).extracting(FakeDaemon.Request::path)
                .containsExactly("/v1/instances/" + INSTANCE + "/protection?holder=" + first.holder());
    }

    @Test
    void theLeasesOfOneInstanceAreRenewedInOneRequestPerPeriod() throws Exception {
        ProtectionClient c = client(Duration.ofSeconds(2), 0.25);
        ProtectionLease first = c.protect(INSTANCE);
        ProtectionLease second = c.protect(INSTANCE);
        ProtectionLease third = c.protect(INSTANCE);

        assertThat(daemon.awaitCount("PUT", 5)).isGreaterThanOrEqualTo(5);

        List<FakeDaemon.Request> renewals = daemon.requests().stream().filter(r -> r.method().equals("PUT")).skip(3).toList();
        assertThat(renewals).allSatisfy(r -> assertThat(r.body()).contains("\"holders\":[")
                .contains(first.holder(), second.holder(), third.holder()));
        assertThat(List.of(first, second, third)).allSatisfy(l -> assertThat(l.lost()).isEmpty());
    }

    @Test
    void aHolderMissingFromTheRenewalAnswerIsLostAndTheOthersKeepRenewing() throws Exception {
        ProtectionClient c = client(Duration.ofSeconds(2), 0.25);
        ProtectionLease first = c.protect(INSTANCE);
        ProtectionLease second = c.protect(INSTANCE);
        daemon.thenPut(FakeDaemon.instance(true, first.holder()));

        for (int i = 0; i < 200 && second.lost().isEmpty(); i++) {
            Thread.sleep(50);
        }

        assertThat(second.lost()).hasValueSatisfying(e -> assertThat(e.getMessage()).contains(second.holder()));
        assertThat(first.lost()).isEmpty();
        assertThat(first.isProtected()).isTrue();
        long puts = daemon.count("PUT");
        assertThat(daemon.awaitCount("PUT", puts + 1)).isGreaterThan(puts);
        assertThat(daemon.requests().get(daemon.requests().size() - 1).body()).doesNotContain(second.holder());
    }

    @Test
    void aRenewalInFlightWhenTheLeaseClosesLandsBeforeTheRelease() throws Exception {
        daemon.holdPut(2); // the first renewal: the first PUT takes the lease
        ProtectionLease lease = client(Duration.ofSeconds(1), 0.1).protect(INSTANCE);
        assertThat(daemon.awaitHeldPut()).as("a renewal reached the daemon").isTrue();

        Thread closing = new Thread(lease::close, "closing-the-lease");
        closing.start();
        awaitParkedOrDone(closing); // waiting for the renewal, or (had it not waited) done releasing
        daemon.landHeldPut();
        closing.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(closing.isAlive()).as("close() returned").isFalse();
        List<String> landed = daemon.requests().stream().map(FakeDaemon.Request::method).toList();
        assertThat(landed).as("the renewal landed, then the release, and nothing after it")
                .containsSubsequence("PUT", "PUT", "DELETE").endsWith("DELETE").containsOnlyOnce("DELETE");
    }

    private static void awaitParkedOrDone(Thread thread) throws InterruptedException {
        Set<Thread.State> parkedOrDone = EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING, Thread.State.TERMINATED);
        for (int i = 0; i < 3000 && !parkedOrDone.contains(thread.getState()); i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void aRenewalThatFailsForNowIsRetriedAndTheLeaseKeepsRenewing() throws Exception {
        daemon.thenPut(FakeDaemon.lease(false))
                .thenPut(FakeDaemon.error(503, "database unavailable"))
                .thenPut(FakeDaemon.error(429, "slow down"))
                .alwaysPut(FakeDaemon.lease(true));

        ProtectionLease lease = client(Duration.ofSeconds(3), 0.1).protect(INSTANCE);

        assertThat(daemon.awaitCount("PUT", 4)).isGreaterThanOrEqualTo(4);
        assertThat(lease.lost()).isEmpty();
    }

    @Test
    void aDefinitiveRefusalStopsTheRenewalsAndSaysWhy() throws Exception {
        daemon.thenPut(FakeDaemon.lease(true))
                .alwaysPut(FakeDaemon.error(404, "no instance i-0a1b2c3d4e5f60001 in any Auto Scaling group"));

        ProtectionLease lease = client(Duration.ofSeconds(1), 0.1).protect(INSTANCE);

        for (int i = 0; i < 200 && lease.lost().isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertThat(lease.lost()).hasValueSatisfying(e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).contains("no instance i-0a1b2c3d4e5f60001 in any Auto Scaling group");
        });
    }

    @Test
    void awaitProtectedAsksUntilTheDaemonReportsTheInstanceProtected() throws Exception {
        daemon.thenPut(FakeDaemon.lease(false)).thenGet(FakeDaemon.instance(false, "worker-1"))
                .alwaysGet(FakeDaemon.instance(true, "worker-1"));

        ProtectionLease lease = client(Duration.ofMinutes(5), 0.3).protect(INSTANCE);

        assertThat(lease.isProtected()).isFalse();
        assertThat(lease.awaitProtected(Duration.ofSeconds(30))).isTrue();
        assertThat(lease.isProtected()).isTrue();
        assertThat(daemon.count("GET")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void awaitProtectedGivesUpAtItsTimeout() throws Exception {
        daemon.alwaysGet(FakeDaemon.instance(false, "worker-1"));

        ProtectionLease lease = client(Duration.ofMinutes(5), 0.3).protect(INSTANCE);

        assertThat(lease.awaitProtected(Duration.ofMillis(250))).isFalse();
    }

    @Test
    void aRefusedLeaseThrowsTheStatusAndTheDaemonsMessage() {
        daemon.alwaysPut(FakeDaemon.error(409, "instance i-0a1b2c3d4e5f60001 is in Auto Scaling group batch-workers, which no policy manages"));

        assertThatThrownBy(() -> client(Duration.ofMinutes(5), 0.3).protect(INSTANCE))
                .isInstanceOfSatisfying(ProtectionException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.definitive()).isTrue();
                })
                .hasMessageContaining("HTTP 409: instance i-0a1b2c3d4e5f60001 is in Auto Scaling group batch-workers, which no policy manages");
    }

    @Test
    void anInstanceStillBootingIsRefusedForNowNotForGood() {
        daemon.alwaysPut(FakeDaemon.error(503, "instance i-0a1b2c3d4e5f60001 is Pending in Auto Scaling group thumbnails-workers; "
                + "a lease can be taken only while it is InService"));

        assertThatThrownBy(() -> client(Duration.ofMinutes(5), 0.3).protect(INSTANCE))
                .isInstanceOfSatisfying(ProtectionException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.definitive()).isFalse();
                })
                .hasMessageContaining("HTTP 503: instance i-0a1b2c3d4e5f60001 is Pending");
    }

    @Test
    void anUnreachableDaemonIsStatusZeroAndNamesTheAddress() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        client = ProtectionClient.builder(nowhere, "worker-secret").build();

        assertThatThrownBy(() -> client.protect(INSTANCE))
                .isInstanceOfSatisfying(ProtectionException.class, e -> assertThat(e.status()).isZero())
                .hasMessageContaining("cannot reach queue-autoscaler at " + nowhere);
    }

    @Test
    void closingTheClientReleasesEveryOpenLease() throws Exception {
        ProtectionClient c = client(Duration.ofMinutes(5), 0.3);
        ProtectionLease a = c.protect(INSTANCE);
        ProtectionLease b = c.protect("i-0a1b2c3d4e5f60002");

        c.close();

        assertThat(daemon.requests()).filteredOn(r -> r.method().equals("DELETE")).extracting(FakeDaemon.Request::path)
                .containsExactlyInAnyOrder("/v1/instances/" + INSTANCE + "/protection?holder=" + a.holder(),
                        "/v1/instances/i-0a1b2c3d4e5f60002/protection?holder=" + b.holder());
    }

    static Stream<Arguments> badSettings() {
        URI ok = URI.create("http://127.0.0.1:8080");
        return Stream.of(
                Arguments.of("a URL that is not http is refused", (Consumer<Void>) v ->
                        ProtectionClient.builder(URI.create("ftp://127.0.0.1"), "t"), "http:// or https://"),
                Arguments.of("a blank token is refused", (Consumer<Void>) v ->
                        ProtectionClient.builder(ok, " "), "worker token is required"),
                Arguments.of("a lease under a second is refused", (Consumer<Void>) v ->
                        ProtectionClient.builder(ok, "t").leaseDuration(Duration.ofMillis(500)), "at least 1 second"),
                Arguments.of("renewing at the very end of the lease is refused", (Consumer<Void>) v ->
                        ProtectionClient.builder(ok, "t").renewFraction(1.0), "at most 0.9"),
                Arguments.of("a zero request timeout is refused", (Consumer<Void>) v ->
                        ProtectionClient.builder(ok, "t").requestTimeout(Duration.ZERO), "above zero"),
                Arguments.of("a blank instance ID is refused", (Consumer<Void>) v ->
                        ProtectionClient.builder(ok, "t").build().protect(""), "EC2 instance ID"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void badSettingsAreRefusedWithTheValidRange(String name, Consumer<Void> setting, String says) {
        assertThatThrownBy(() -> setting.accept(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(says);
    }
}
