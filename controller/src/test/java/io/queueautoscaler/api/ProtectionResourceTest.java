package io.queueautoscaler.api;

import static io.queueautoscaler.testing.InMemoryFleet.inService;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.Configuration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.lease.InMemoryLeaseStore;
import io.queueautoscaler.lease.InstanceBlock;
import io.queueautoscaler.lease.ProtectionLeases;
import io.queueautoscaler.policy.Protection;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.testing.InMemoryFleet;
import io.queueautoscaler.testing.PolicyBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The lease API over real HTTP on loopback: what a worker and an admin get, and every refusal. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ProtectionResourceTest {
    private static final String MINE = "i-0a1b2c3d4e5f60001";          // InService, its private IP is loopback
    private static final String OTHERS = "i-0a1b2c3d4e5f60002";        // InService, another private IP
    private static final String BOOTING = "i-0a1b2c3d4e5f60003";       // Pending
    private static final String UNMANAGED = "i-0b9f8e7d6c5b40021";     // in a group no policy manages
    private static final String UNPROTECTABLE = "i-0c1d2e3f4a5b60031"; // its policy turns protection off
    private static final String NOWHERE = "i-0fffffffffffffff0";       // in no group at all

    private static final VirtualClock CLOCK = new VirtualClock(Instant.parse("2026-11-26T10:00:00Z"));
    private static final InMemoryFleet FLEET = new InMemoryFleet()
            .group("thumbnails-workers", 0, 10, 3, inService(MINE), inService(OTHERS), new FleetInstance(BOOTING, "Pending", false))
            .group("batch-workers", 0, 10, 1, inService(UNMANAGED))
            .group("reports-workers", 0, 10, 1, inService(UNPROTECTABLE));
    private static final Map<String, String> ADDRESSES = Map.of(MINE, "127.0.0.1", OTHERS, "10.0.1.23",
            UNMANAGED, "10.0.2.7", UNPROTECTABLE, "127.0.0.1", BOOTING, "127.0.0.1");
    private static final List<ScalingPolicy> POLICIES = List.of(
            PolicyBuilder.backlog("thumbnails", "thumbnails-workers", 0, 10).build(),
            PolicyBuilder.backlog("reports", "reports-workers", 0, 10).protection(new Protection(false, 300, 3600)).build());
    private static final InMemoryLeaseStore STORE = new InMemoryLeaseStore();
    private static final ProtectionLeases LEASES = ProtectionLeases.restore(STORE, FLEET,
            id -> FLEET.describe(List.of("thumbnails-workers", "batch-workers", "reports-workers")).values().stream()
                    .filter(g -> g.instances().stream().anyMatch(i -> i.instanceId().equals(id)))
                    .map(g -> g.name()).findFirst(),
            Optional.of(id -> Optional.ofNullable(ADDRESSES.get(id))), () -> POLICIES,
            Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(2), CLOCK, "node-a");

    static {
        LeaseApiApplication.keeper = LEASES.keeper();
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DropwizardAppExtension<Configuration> APP =
            new DropwizardAppExtension<>(LeaseApiApplication.class, LeaseApiApplication.loopbackConfiguration());

    @BeforeEach
    void releaseEverything() {
        LEASES.keeper().live().forEach(l -> LEASES.keeper().revoke(l.instanceId(), "the test"));
        LEASES.store().unblock(MINE, InstanceBlock.DRAINING);
        LEASES.flusher().flush();
    }

    /** A request from loopback through the JDK's client, with or without a body and a token. */
    private static Answer call(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Answer(int status, String body, Optional<String> retryAfter) {
        Map<String, Object> json() {
            try {
                return JSON.readValue(body, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    /** The expiry of a lease taken now: the shared clock only moves forward, so tests read it rather than assume it. */
    private static String inSeconds(long seconds) {
        return CLOCK.instant().plusSeconds(seconds).toString();
    }

    private static String protection(String id) {
        return "/v1/instances/" + id + "/protection";
    }

    @Test
    void aWorkerTakesALeaseThatBecomesProtectedAndReleasesIt() {
        Answer taken = call("PUT", protection(MINE), "worker-secret", "{\"leaseSeconds\": 120}");
        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.json()).isEqualTo(Map.of("instanceId", MINE, "autoScalingGroupName", "thumbnails-workers",
                "holder", MINE, "expiresAt", inSeconds(120), "protected", false, "draining", false));

        LEASES.flusher().flush();

        Map<?, ?> seen = call("GET", protection(MINE), "worker-secret", null).json();
        assertThat(seen).isEqualTo(Map.of("instanceId", MINE, "autoScalingGroupName", "thumbnails-workers",
                "protected", true, "draining", false,
                "holders", List.of(Map.of("holder", MINE, "expiresAt", inSeconds(120)))));
        Map<?, ?> all = call("GET", "/v1/leases", "admin-secret", null).json();
        assertThat(all.get("items")).isEqualTo(List.of(seen));
        assertThat(call("GET", protection(MINE), "admin-secret", null).status()).isEqualTo(200);

        assertThat(call("DELETE", protection(MINE), "worker-secret", null).status()).isEqualTo(204);
        assertThat(call("DELETE", protection(MINE), "worker-secret", null).status()).isEqualTo(204);
        assertThat(call("GET", protection(MINE), "worker-secret", null).status()).isEqualTo(404);
    }

    @Test
    void withoutABodyTheLeaseLastsThePolicysDefault() {
        Answer taken = call("PUT", protection(MINE), "worker-secret", null);

        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.json().get("expiresAt")).isEqualTo(inSeconds(300));
    }

    @Test
    void aRenewalMovesTheExpiry() {
        call("PUT", protection(MINE), "worker-secret", "{\"leaseSeconds\": 60}");
        CLOCK.advance(Duration.ofSeconds(30));

        Map<?, ?> renewed = call("PUT", protection(MINE), "worker-secret", "{\"leaseSeconds\": 60}").json();
        assertThat(renewed.get("expiresAt")).isEqualTo(inSeconds(60));
    }

    @Test
    void eachHolderHasItsOwnLeaseAndReleasingOneKeepsTheInstanceProtected() {
        assertThat(call("PUT", protection(MINE), "worker-secret", "{\"leaseSeconds\": 600, \"holder\": \"task-a\"}").status())
                .isEqualTo(200);
        assertThat(call("PUT", protection(MINE), "worker-secret", "{\"leaseSeconds\": 60, \"holder\": \"task-b\"}").json())
                .containsEntry("holder", "task-b").containsEntry("expiresAt", inSeconds(60));
        LEASES.flusher().flush();

        assertThat(call("DELETE", protection(MINE) + "?holder=task-a", "worker-secret", null).status()).isEqualTo(204);
        LEASES.flusher().flush();

        Map<?, ?> seen = call("GET", protection(MINE), "worker-secret", null).json();
        assertThat(seen.get("protected")).isEqualTo(true);
        assertThat(seen.get("holders")).isEqualTo(List.of(Map.of("holder", "task-b", "expiresAt", inSeconds(60))));
        assertThat(FLEET.describe(List.of("thumbnails-workers")).get("thumbnails-workers").instances())
                .filteredOn(i -> i.instanceId().equals(MINE)).singleElement()
                .satisfies(i -> assertThat(i.protectedFromScaleIn()).isTrue());

        assertThat(call("DELETE", protection(MINE) + "?holder=task-b", "worker-secret", null).status()).isEqualTo(204);
        assertThat(call("DELETE", protection(MINE) + "?holder=unknown", "worker-secret", null).status()).isEqualTo(204);
        LEASES.flusher().flush();

        assertThat(call("GET", protection(MINE), "worker-secret", null).status()).isEqualTo(404);
        assertThat(FLEET.describe(List.of("thumbnails-workers")).get("thumbnails-workers").instances())
                .filteredOn(i -> i.instanceId().equals(MINE)).singleElement()
                .satisfies(i -> assertThat(i.protectedFromScaleIn()).isFalse());
    }

    @Test
    void oneRequestRenewsSeveralHoldersAndAnswersWithTheInstancesHolders() {
        call("PUT", protection(MINE), "worker-secret", "{\"leaseSeconds\": 60, \"holder\": \"task-a\"}");
        CLOCK.advance(Duration.ofSeconds(30));
        Answer renewed = call("PUT", protection(MINE), "worker-secret",
                "{\"leaseSeconds\": 60, \"holders\": [\"task-a\", \"task-b\"]}");

        assertThat(renewed.status()).isEqualTo(200);
        assertThat(renewed.json()).containsEntry("instanceId", MINE).containsEntry("draining", false)
                .containsEntry("holders", List.of(Map.of("holder", "task-a", "expiresAt", inSeconds(60)),
                        Map.of("holder", "task-b", "expiresAt", inSeconds(60))));
    }

    @Test
    void aDrainingInstanceTakesNoNewHolderWhileItsHoldersRenewAndSeeItDraining() {
        call("PUT", protection(MINE), "worker-secret", "{\"holder\": \"task-a\"}");
        LEASES.leases().markDraining(MINE);
        LEASES.flusher().flush();

        Answer refused = call("PUT", protection(MINE), "worker-secret", "{\"holder\": \"task-b\"}");
        Answer renewed = call("PUT", protection(MINE), "worker-secret", "{\"holder\": \"task-a\"}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat((String) refused.json().get("message")).startsWith("draining: instance " + MINE);
        assertThat(renewed.status()).isEqualTo(200);
        assertThat(renewed.json().get("draining")).isEqualTo(true);
        assertThat(call("GET", protection(MINE), "worker-secret", null).json().get("draining")).isEqualTo(true);
        assertThat(LEASES.leases().hasLiveHolders(MINE)).isTrue();
    }

    @Test
    void anInstanceTakesAtMostAThousandHolders() {
        String thousand = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "\"task-" + i + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        assertThat(call("PUT", protection(MINE), "worker-secret", "{\"holders\": [" + thousand + "]}").status()).isEqualTo(200);

        Answer refused = call("PUT", protection(MINE), "worker-secret", "{\"holder\": \"one-more\"}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat((String) refused.json().get("message")).contains("already has 1000 live holders");
        assertThat(call("PUT", protection(MINE), "worker-secret", "{\"holder\": \"task-7\"}").status())
                .as("a holder already there still renews").isEqualTo(200);
    }

    @Test
    void anAdminRevokesEveryHolderOfAnInstanceAndItIsAudited() {
        call("PUT", protection(MINE), "worker-secret", "{\"holder\": \"task-a\"}");
        call("PUT", protection(MINE), "worker-secret", "{\"holder\": \"task-b\"}");

        assertThat(call("DELETE", "/v1/leases/" + MINE, "admin-secret", null).status()).isEqualTo(204);

        assertThat(call("GET", protection(MINE), "worker-secret", null).status()).isEqualTo(404);
        assertThat(STORE.events(1)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(io.queueautoscaler.lease.LeaseEvent.Type.REVOKED);
            assertThat(e.detail()).isEqualTo("2 holder(s) revoked by the admin API");
        });
        assertThat(call("DELETE", "/v1/leases/" + MINE, "admin-secret", null).status()).as("again").isEqualTo(204);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("no token is 401", "PUT", protection(MINE), null, null, 401, "missing or unknown token"),
                Arguments.of("an unknown token is 401", "PUT", protection(MINE), "guess", null, 401, "missing or unknown token"),
                Arguments.of("an admin cannot take a lease: 403", "PUT", protection(MINE), "admin-secret", null, 403, ""),
                Arguments.of("an admin cannot release a lease: 403", "DELETE", protection(MINE), "admin-secret", null, 403, ""),
                Arguments.of("a worker cannot list every lease: 403", "GET", "/v1/leases", "worker-secret", null, 403, ""),
                Arguments.of("no token to read a lease is 401", "GET", protection(MINE), null, null, 401, "Bearer"),
                Arguments.of("a malformed instance ID is 400", "PUT", protection("web-1"), "worker-secret", null, 400,
                        "'web-1' is not an EC2 instance ID"),
                Arguments.of("an instance ID in capitals is 400", "PUT", protection("i-0A1B2C3D4E5F60001"), "worker-secret", null, 400,
                        "lowercase hexadecimal"),
                Arguments.of("releasing a malformed instance ID is 400", "DELETE", protection("i-123"), "worker-secret", null, 400,
                        "not an EC2 instance ID"),
                Arguments.of("reading a malformed instance ID is 400", "GET", protection("i-xyz"), "worker-secret", null, 400,
                        "not an EC2 instance ID"),
                Arguments.of("a body that is not JSON is 400", "PUT", protection(MINE), "worker-secret", "leaseSeconds=300", 400,
                        "not valid JSON"),
                Arguments.of("a body that is not an object is 400", "PUT", protection(MINE), "worker-secret", "[300]", 400,
                        "must be a JSON object"),
                Arguments.of("a misspelt field is 400", "PUT", protection(MINE), "worker-secret", "{\"leaseSecond\": 300}", 400,
                        "unknown field 'leaseSecond'"),
                Arguments.of("leaseSeconds as text is 400", "PUT", protection(MINE), "worker-secret", "{\"leaseSeconds\": \"300\"}", 400,
                        "whole number of seconds"),
                Arguments.of("a fractional leaseSeconds is 400", "PUT", protection(MINE), "worker-secret", "{\"leaseSeconds\": 1.5}", 400,
                        "whole number of seconds"),
                Arguments.of("a zero lease is 400", "PUT", protection(MINE), "worker-secret", "{\"leaseSeconds\": 0}", 400,
                        "allows from 1 to 86400"),
                Arguments.of("a lease above the policy's maximum is 400", "PUT", protection(MINE), "worker-secret",
                        "{\"leaseSeconds\": 86401}", 400, "spec.protection.maxLeaseSeconds"),
                Arguments.of("an instance no group holds is 404", "PUT", protection(NOWHERE), "worker-secret", null, 404,
                        "no Auto Scaling group holds instance " + NOWHERE),
                Arguments.of("an instance of a group no policy manages is 409", "PUT", protection(UNMANAGED), "worker-secret", null, 409,
                        "is in Auto Scaling group batch-workers, which no policy manages"),
                Arguments.of("an instance still booting is 503, to retry", "PUT", protection(BOOTING), "worker-secret", null, 503,
                        "is Pending in Auto Scaling group thumbnails-workers"),
                Arguments.of("an instance whose policy turns protection off is 409", "PUT", protection(UNPROTECTABLE), "worker-secret",
                        null, 409, "spec.protection.enabled: false"),
                Arguments.of("another instance than the caller's own is 403", "PUT", protection(OTHERS), "worker-secret", null, 403,
                        "this request comes from 127.0.0.1, which is not the private IP of instance " + OTHERS),
                Arguments.of("reading a lease nobody holds is 404", "GET", protection(MINE), "worker-secret", null, 404,
                        "holds no live lease"),
                Arguments.of("holder and holders together is 400", "PUT", protection(MINE), "worker-secret",
                        "{\"holder\": \"a\", \"holders\": [\"b\"]}", 400, "either holder (one lease) or holders (several)"),
                Arguments.of("an empty holder is 400", "PUT", protection(MINE), "worker-secret", "{\"holder\": \"\"}", 400,
                        "1 to 128 printable ASCII characters"),
                Arguments.of("a holder of 129 characters is 400", "PUT", protection(MINE), "worker-secret",
                        "{\"holder\": \"" + "h".repeat(129) + "\"}", 400, "was 129 characters long"),
                Arguments.of("a holder with a control character is 400", "PUT", protection(MINE), "worker-secret",
                        "{\"holder\": \"task\\u0007\"}", 400, "U+0007 at position 4"),
                Arguments.of("a holder that is not text is 400", "PUT", protection(MINE), "worker-secret",
                        "{\"holder\": 17}", 400, "holder must be a string"),
                Arguments.of("an empty holders list is 400", "PUT", protection(MINE), "worker-secret",
                        "{\"holders\": []}", 400, "a list of 1 to 1000 holder names"),
                Arguments.of("a holder named twice is 400", "PUT", protection(MINE), "worker-secret",
                        "{\"holders\": [\"a\", \"a\"]}", 400, "names a holder twice"),
                Arguments.of("releasing an empty holder is 400", "DELETE", protection(MINE) + "?holder=", "worker-secret", null,
                        400, "1 to 128 printable ASCII characters"),
                Arguments.of("a worker cannot revoke leases: 403", "DELETE", "/v1/leases/" + MINE, "worker-secret", null, 403, ""),
                Arguments.of("revoking a malformed instance ID is 400", "DELETE", "/v1/leases/web-1", "admin-secret", null, 400,
                        "not an EC2 instance ID"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void badRequestsGetAClearErrorAndNeverA500(String name, String method, String path, String token, String body,
                                                int status, String says) {
        Answer response = call(method, path, token, body);

        assertThat(response.status()).isEqualTo(status);
        Map<?, ?> error = response.json();
        assertThat(error.get("code")).isEqualTo(status);
        assertThat((String) error.get("message")).contains(says);
    }

    @Test
    void aWorkerOnAnInstanceStillBootingIsToldWhenToAskAgain() {
        Answer response = call("PUT", protection(BOOTING), "worker-secret", null);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.retryAfter()).hasValue("1");
        assertThat(LEASES.keeper().find(BOOTING)).isEmpty();
    }

    @Test
    void aWorkerCannotReleaseAnotherInstancesLease() {
        LEASES.keeper().protect(OTHERS, OTHERS, java.util.OptionalInt.empty(), "10.0.1.23");

        Answer response = call("DELETE", protection(OTHERS), "worker-secret", null);

        assertThat(response.status()).isEqualTo(403);
        assertThat(LEASES.keeper().find(OTHERS)).isPresent();
    }
}
