package io.queueautoscaler.lease;

import static io.queueautoscaler.testing.InMemoryFleet.inService;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.testing.InMemoryFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The flusher against an in-memory fleet: which protection calls each state of the leases costs. */
class ProtectionFlusherTest {
    private static final String GROUP = "thumbnails-workers";
    private static final String A = "i-0a1b2c3d4e5f60001";
    private static final String B = "i-0a1b2c3d4e5f60002";
    private static final String C = "i-0a1b2c3d4e5f60003";
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final InMemoryFleet fleet = new InMemoryFleet()
            .group(GROUP, 0, 10, 3, inService(A), inService(B), new FleetInstance(C, "InService", true));
    private final InMemoryLeaseStore store = new InMemoryLeaseStore();
    private final Leases leases = Leases.restore(store, clock);
    private final ProtectionLedger ledger = ProtectionLedger.restore(store, clock);
    private final ProtectionFlusher flusher = new ProtectionFlusher(leases, ledger, store, fleet, clock, INTERVAL,
            Duration.ofMinutes(5), new SplittableRandom(1));

    private List<String> protectionCalls() {
        return fleet.writes().stream().filter(w -> w.startsWith("protect")).toList();
    }

    @Test
    void newLeasesBecomeOneCallAndAreReportedProtectedOnlyAfterIt() {
        leases.take(A, GROUP, MINUTE, false);
        leases.take(B, GROUP, MINUTE, false);
        assertThat(leases.find(A).orElseThrow().protectedFromScaleIn()).isFalse();

        flusher.flush();

        assertThat(protectionCalls()).containsExactly("protect " + GROUP + " [" + A + ", " + B + "] true");
        assertThat(leases.live()).allSatisfy(l -> assertThat(l.protectedFromScaleIn()).isTrue());
        assertThat(store.protectedInstances()).containsOnlyKeys(A, B);
    }

    @Test
    void renewalsOfProtectedInstancesCostNoCall() {
        leases.take(A, GROUP, MINUTE, false);
        flusher.flush();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(20));
            leases.renew(A, MINUTE);
            flusher.flush();
        }

        assertThat(protectionCalls()).hasSize(1);
        assertThat(store.leases()).extracting(Lease::expiresAt).containsExactly(clock.instant().plus(MINUTE));
    }

    @Test
    void aReleasedLeaseLosesItsProtectionAtTheNextFlush() {
        leases.take(A, GROUP, MINUTE, false);
        flusher.flush();

        leases.release(A);
        flusher.flush();

        assertThat(protectionCalls()).containsExactly("protect " + GROUP + " [" + A + "] true",
                "protect " + GROUP + " [" + A + "] false");
        assertThat(fleet.state(GROUP).instances()).filteredOn(i -> i.instanceId().equals(A))
                .allSatisfy(i -> assertThat(i.protectedFromScaleIn()).isFalse());
        assertThat(store.events(1)).extracting(LeaseEvent::type).containsExactly(LeaseEvent.Type.UNPROTECTED);
    }

    @Test
    void anExpiredLeaseIsDroppedAndUnprotectedWithinOneFlush() {
        leases.take(A, GROUP, MINUTE, false);
        flusher.flush();

        clock.advance(MINUTE);
        flusher.flush();

        assertThat(leases.live()).isEmpty();
        assertThat(protectionCalls()).last().isEqualTo("protect " + GROUP + " [" + A + "] false");
        assertThat(store.events(10)).extracting(LeaseEvent::type).contains(LeaseEvent.Type.EXPIRED, LeaseEvent.Type.UNPROTECTED);
    }

    @Test
    void aLeaseTakenAgainBeforeTheFlushCostsNoCallAtAll() {
        leases.take(A, GROUP, MINUTE, false);
        flusher.flush();

        leases.release(A);
        leases.take(A, GROUP, MINUTE, false);
        flusher.flush();

        assertThat(protectionCalls()).hasSize(1);
        assertThat(leases.find(A).orElseThrow().protectedFromScaleIn()).isTrue();
    }

    @Test
    void protectionSetBySomeoneElseIsNeverLifted() {
        leases.take(C, GROUP, MINUTE, true);
        flusher.flush();
        leases.release(C);
        flusher.flush();
        clock.advance(Duration.ofMinutes(10)); // past a full drift repair too
        flusher.flush();

        assertThat(protectionCalls()).isEmpty();
        assertThat(fleet.state(GROUP).instances()).filteredOn(i -> i.instanceId().equals(C))
                .allSatisfy(i -> assertThat(i.protectedFromScaleIn()).isTrue());
    }

    @Test
    void aFailedCallWaitsWithBackoffThenRetriesAndOnlyThenReportsProtection() {
        leases.take(A, GROUP, MINUTE, false);
        fleet.failWrites = new FleetException("SetInstanceProtection failed: Throttling (HTTP 400): Rate exceeded");

        flusher.flush();
        assertThat(leases.find(A).orElseThrow().protectedFromScaleIn()).isFalse();
        flusher.flush(); // still within the backoff: no call
        assertThat(protectionCalls()).hasSize(1);

        fleet.failWrites = null;
        clock.advance(INTERVAL); // the first backoff is at most one interval
        flusher.flush();

        assertThat(protectionCalls()).hasSize(2);
        assertThat(leases.find(A).orElseThrow().protectedFromScaleIn()).isTrue();
    }

    @Test
    void fiftyInstancesPerCallAtMost() {
        List<FleetInstance> many = java.util.stream.IntStream.rangeClosed(1, 120)
                .mapToObj(i -> inService(String.format("i-0c%015x", i))).toList();
        fleet.group("big-workers", 0, 200, 120, many.toArray(FleetInstance[]::new));
        many.forEach(i -> leases.take(i.instanceId(), "big-workers", MINUTE, false));

        flusher.flush();

        assertThat(protectionCalls()).hasSize(3);
        assertThat(leases.live()).allSatisfy(l -> assertThat(l.protectedFromScaleIn()).isTrue());
    }

    @Test
    void aLeasedInstanceThatLeftItsGroupLosesItsLease() {
        leases.take(A, GROUP, Duration.ofMinutes(10), false);
        flusher.flush();
        fleet.terminateAndDecrement(A);

        clock.advance(Duration.ofMinutes(5)); // the periodic drift repair
        flusher.flush();

        assertThat(leases.live()).isEmpty();
        assertThat(store.protectedInstances()).isEmpty();
        assertThat(store.events(10)).extracting(LeaseEvent::type).contains(LeaseEvent.Type.DROPPED);
    }

    @Test
    void aLeaseOnAnInstanceHeldByALifecycleHookOutlivesDriftRepairAndCostsNoCall() {
        leases.take(A, GROUP, Duration.ofMinutes(10), false);
        fleet.group(GROUP, 0, 10, 2, new FleetInstance(A, "Terminating:Wait", false), inService(B));
        leases.markDraining(A);

        clock.advance(Duration.ofMinutes(5)); // the periodic drift repair
        flusher.flush();

        assertThat(leases.find(A)).as("the lease holds the termination until it ends").isPresent();
        assertThat(protectionCalls()).as("a terminating instance is not protected any more").isEmpty();
    }
}
