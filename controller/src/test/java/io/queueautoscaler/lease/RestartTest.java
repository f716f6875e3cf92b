package io.queueautoscaler.lease;

import static io.queueautoscaler.testing.InMemoryFleet.inService;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.testing.InMemoryFleet;
import io.queueautoscaler.testing.PolicyBuilder;
import io.queueautoscaler.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * A daemon that dies without stopping, and the one that starts on the same database: no lease is
 * lost, no acknowledged renewal is lost, a lease that expired meanwhile gets a grace period, the
 * protection that drifted meanwhile is repaired, and nothing still leased is unprotected.
 */
class RestartTest {
    private static final String GROUP = "thumbnails-workers";
    private static final String A = "i-0a1b2c3d4e5f6000a";
    private static final String B = "i-0a1b2c3d4e5f6000b";
    private static final String C = "i-0a1b2c3d4e5f6000c";
    private static final String D = "i-0a1b2c3d4e5f6000d";
    private static final String E = "i-0a1b2c3d4e5f6000e";
    private static final String WORKER = "127.0.0.1";

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final DataSource database = TestDatabases.h2();
    private final InMemoryFleet fleet = new InMemoryFleet().group(GROUP, 0, 10, 5,
            inService(A), inService(B), inService(C), new FleetInstance(D, "InService", true), inService(E));

    private int starts;

    /** A new process: its own node name, so it takes the groups over only once the dead one's ownership ran out. */
    private ProtectionLeases start() {
        if (starts++ > 0) {
            clock.advance(Duration.ofSeconds(5)); // the restart takes a while, and the dead node's ownership runs out
        }
        return ProtectionLeases.restore(new JdbiLeaseStore(Jdbi.create(database)), fleet, id -> Optional.of(GROUP),
                Optional.empty(), () -> List.of(PolicyBuilder.backlog("thumbnails", GROUP, 0, 10).build()),
                Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(5), clock, "process-" + starts);
    }

    private static void protect(ProtectionLeases daemon, String id, int seconds) {
        daemon.keeper().protect(id, id, OptionalInt.of(seconds), WORKER);
    }

    private Map<String, Boolean> flags() {
        return fleet.state(GROUP).instances().stream()
                .collect(Collectors.toMap(FleetInstance::instanceId, FleetInstance::protectedFromScaleIn));
    }

    @Test
    void leasesSurviveDriftIsRepairedAndNothingStillLeasedIsUnprotected() {
        ProtectionLeases first = start();
        first.flusher().flush();
        for (String id : List.of(A, B, C)) {
            protect(first, id, 300);
        }
        first.flusher().flush();
        clock.advance(Duration.ofSeconds(60));
        protect(first, A, 300);                                 // renewed
        first.flusher().flush();
        first.keeper().release(C, C, WORKER);                   // released; the daemon dies before lifting C's protection
        protect(first, E, 300);                                 // taken; the daemon dies before protecting E
        fleet.setProtection(GROUP, List.of(B), false);          // and someone lifts B's protection by hand
        int callsBefore = fleet.writes().size();

        ProtectionLeases second = start();

        assertThat(second.keeper().live()).extracting(InstanceLeases::instanceId).containsExactly(A, B, E);
        assertThat(second.keeper().find(A).orElseThrow().holders().get(0).expiresAt())
                .isEqualTo(Instant.parse("2026-11-26T10:06:00Z"));
        second.flusher().flush();

        List<String> calls = fleet.writes().subList(callsBefore, fleet.writes().size());
        assertThat(calls).containsExactly(
                "protect " + GROUP + " [" + B + ", " + E + "] true",
                "protect " + GROUP + " [" + C + "] false");
        assertThat(flags()).containsEntry(A, true).containsEntry(B, true).containsEntry(E, true)
                .containsEntry(C, false)
                .containsEntry(D, true); // someone else's protection is never touched
        assertThat(second.keeper().live()).allSatisfy(l -> assertThat(l.protectedFromScaleIn()).isTrue());
    }

    @Test
    void anAcknowledgedRenewalSurvivesTheCrashWithTheExpiryTheWorkerWasTold() {
        ProtectionLeases first = start();
        protect(first, A, 5);
        first.flusher().flush();
        clock.advance(Duration.ofSeconds(2));
        Instant told = first.keeper().protect(A, A, OptionalInt.of(3600), WORKER).expiresAt(); // no flush before the crash

        ProtectionLeases second = start();
        second.flusher().flush();

        assertThat(told).isEqualTo(Instant.parse("2026-11-26T11:00:02Z"));
        assertThat(second.keeper().find(A)).hasValueSatisfying(leases -> {
            assertThat(leases.holders()).extracting(Lease::expiresAt).containsExactly(told);
            assertThat(leases.protectedFromScaleIn()).isTrue();
        });
        assertThat(flags()).containsEntry(A, true);
    }

    @Test
    void aLeaseThatExpiredWhileTheDaemonWasDownKeepsItsProtectionForOneMorePeriod() {
        ProtectionLeases first = start();
        protect(first, A, 60);
        protect(first, B, 60);
        first.flusher().flush();
        clock.advance(Duration.ofMinutes(10));

        ProtectionLeases second = start();
        second.flusher().flush();

        assertThat(second.keeper().live()).extracting(InstanceLeases::instanceId).containsExactly(A, B);
        assertThat(flags()).containsEntry(A, true).containsEntry(B, true);
        assertThat(LeaseEvents.newestFirst(Jdbi.create(database), 10)).extracting(LeaseEvent::type).contains(LeaseEvent.Type.GRACE)
                .doesNotContain(LeaseEvent.Type.EXPIRED);

        clock.advance(Duration.ofSeconds(30));
        protect(second, A, 60); // A's worker renews within its grace; B's is gone for good
        clock.advance(Duration.ofSeconds(31));
        second.flusher().flush();

        assertThat(second.keeper().live()).extracting(InstanceLeases::instanceId).containsExactly(A);
        assertThat(flags()).containsEntry(A, true).containsEntry(B, false);
    }
}
