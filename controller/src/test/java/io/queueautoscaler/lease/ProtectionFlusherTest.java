package io.queueautoscaler.lease;

import static io.queueautoscaler.testing.InMemoryFleet.inService;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.testing.InMemoryFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
            Duration.ofMinutes(5), new SplittableRandom(1), "node-a");

    @AfterEach
    void stop() throws InterruptedException {
        flusher.stop();
    }

    private List<String> protectionCalls() {
        return fleet.writes().stream().filter(w -> w.startsWith("protect")).toList();
    }

    private void take(String id, String holder, String group, Duration duration, boolean byOther) {
        leases.take(Lease.take(id, holder, group, clock.instant(), duration, byOther));
    }

    private void take(String id, String holder) {
        take(id, holder, GROUP, MINUTE, false);
    }

    @Test
    void newLeasesBecomeOneCallAndAreReportedProtectedOnlyAfterIt() {
        take(A, "task-1");
        take(B, "task-1");
        assertThat(leases.isProtected(A)).isFalse();

        flusher.flush();

        assertThat(protectionCalls()).containsExactly("protect " + GROUP + " [" + A + ", " + B + "] true");
        assertThat(leases.isProtected(A)).isTrue();
        assertThat(leases.instance(B).orElseThrow().protectedFromScaleIn()).isTrue();
        assertThat(store.protectedInstances()).containsOnlyKeys(A, B);
        assertThat(store.protectedInstances().values()).allSatisfy(e -> assertThat(e.confirmed()).isTrue());
    }

    @Test
    void renewalsOfProtectedInstancesCostNoCall() {
        take(A, "task-1");
        flusher.flush();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(20));
            leases.renew(A, List.of("task-1"), MINUTE);
            flusher.flush();
        }

        assertThat(protectionCalls()).hasSize(1);
        assertThat(store.leases()).extracting(Lease::expiresAt).containsExactly(clock.instant().plus(MINUTE));
    }

    @Test
    void theInstanceStaysProtectedUntilItsLastHolderReleases() {
        take(A, "task-1");
        take(A, "task-2");
        flusher.flush();

        leases.release(A, "task-1");
        flusher.flush();
        assertThat(protectionCalls()).containsExactly("protect " + GROUP + " [" + A + "] true");

        leases.release(A, "task-2");
        flusher.flush();

        assertThat(protectionCalls()).containsExactly("protect " + GROUP + " [" + A + "] true",
                "protect " + GROUP + " [" + A + "] false");
        assertThat(fleet.state(GROUP).instances()).filteredOn(i -> i.instanceId().equals(A))
                .allSatisfy(i -> assertThat(i.protectedFromScaleIn()).isFalse());
        assertThat(store.events(1)).extracting(LeaseEvent::type).containsExactly(LeaseEvent.Type.UNPROTECTED);
    }

    @Test
    void anExpiredLeaseIsDroppedAndUnprotectedWithinOneFlush() {
        take(A, "task-1");
        flusher.flush();

        clock.advance(MINUTE);
        flusher.flush();

        assertThat(store.leases()).isEmpty();
        assertThat(protectionCalls()).last().isEqualTo("protect " + GROUP + " [" + A + "] false");
        assertThat(store.events(10)).extracting(LeaseEvent::type).contains(LeaseEvent.Type.EXPIRED, LeaseEvent.Type.UNPROTECTED);
    }

    @Test
    void aLeaseTakenAgainBeforeTheFlushCostsNoCallAtAll() {
        take(A, "task-1");
        flusher.flush();

        leases.release(A, "task-1");
        take(A, "task-2");
        flusher.flush();

        assertThat(protectionCalls()).hasSize(1);
        assertThat(leases.isProtected(A)).isTrue();
    }

    @Test
    void protectionSetBySomeoneElseIsNeverLifted() {
        take(C, "task-1", GROUP, MINUTE, true);
        flusher.flush();
        leases.release(C, "task-1");
        flusher.flush();
        clock.advance(Duration.ofMinutes(10)); // past a full drift repair too
        flusher.flush();

        assertThat(protectionCalls()).isEmpty();
        assertThat(fleet.state(GROUP).instances()).filteredOn(i -> i.instanceId().equals(C))
                .allSatisfy(i -> assertThat(i.protectedFromScaleIn()).isTrue());
    }

    @Test
    void aFailedCallWaitsWithBackoffThenRetriesAndOnlyThenReportsProtection() {
        take(A, "task-1");
        fleet.failWrites = new FleetException("SetInstanceProtection failed: Throttling (HTTP 400): Rate exceeded");

        flusher.flush();
        assertThat(leases.isProtected(A)).isFalse();
        flusher.flush(); // still within the backoff: no call
        assertThat(protectionCalls()).hasSize(1);

        fleet.failWrites = null;
        clock.advance(INTERVAL); // the first backoff is at most one interval
        flusher.flush();

        assertThat(protectionCalls()).hasSize(2);
        assertThat(leases.isProtected(A)).isTrue();
    }

    @Test
    void fiftyInstancesPerCallAtMost() {
        List<FleetInstance> many = java.util.stream.IntStream.rangeClosed(1, 120)
                .mapToObj(i -> inService(String.format("i-0c%015x", i))).toList();
        fleet.group("big-workers", 0, 200, 120, many.toArray(FleetInstance[]::new));
        many.forEach(i -> take(i.instanceId(), "task-1", "big-workers", MINUTE, false));

        flusher.flush();

        assertThat(protectionCalls()).hasSize(3);
        assertThat(many).allSatisfy(i -> assertThat(leases.isProtected(i.instanceId())).isTrue());
    }

    @Test
    void aLeasedInstanceThatLeftItsGroupLosesItsLeases() {
        take(A, "task-1", GROUP, Duration.ofMinutes(10), false);
        take(A, "task-2", GROUP, Duration.ofMinutes(10), false);
        flusher.flush();
        fleet.terminateAndDecrement(A);

        clock.advance(Duration.ofMinutes(5)); // the periodic drift repair
        flusher.flush();

        assertThat(store.leases()).isEmpty();
        assertThat(store.protectedInstances()).isEmpty();
        assertThat(store.events(10)).extracting(LeaseEvent::type).contains(LeaseEvent.Type.DROPPED);
    }

    @Test
    void aGroupAnotherNodeOwnsGetsNoCallFromThisOne() {
        store.own(GROUP, "node-b", clock.instant(), Duration.ofMinutes(1));
        take(A, "task-1");

        flusher.flush();

        assertThat(protectionCalls()).isEmpty();
        assertThat(store.leases()).hasSize(1);
    }

    @Test
    void aLeaseOnAnInstanceHeldByALifecycleHookOutlivesDriftRepairAndCostsNoCall() {
        take(A, "task-1", GROUP, Duration.ofMinutes(10), false);
        fleet.group(GROUP, 0, 10, 2, new FleetInstance(A, "Terminating:Wait", false), inService(B));
        leases.markDraining(A);

        clock.advance(Duration.ofMinutes(5)); // the periodic drift repair
        flusher.flush();

        assertThat(leases.instance(A)).as("the lease holds the termination until it ends").isPresent();
        assertThat(protectionCalls()).as("a terminating instance is not protected any more").isEmpty();
    }

    @Test
    void aDatabaseOutageIsSaidWhenItStartsOnceAMinuteWhileItLastsAndWhenItEnds() {
        take(A, "task-1", GROUP, Duration.ofMinutes(10), false);
        flusher.flush();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ProtectionFlusher.class);
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        log.start();
        logger.addAppender(log);
        try {
            store.unreadable(new IllegalStateException("Connection is not available, request timed out after 2000ms."));
            for (int second = 0; second < 150; second++) {
                flusher.flush();
                clock.advance(INTERVAL);
            }
            store.unreadable(null);
            flusher.flush();
        } finally {
            logger.detachAppender(log);
            logger.setLevel(level);
        }
        List<String> lines = log.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("WARN cannot read the leases from the database");
        assertThat(lines.get(1)).startsWith("WARN still cannot read the leases from the database after 60 s (61 failed reads)");
        assertThat(lines.get(2)).startsWith("WARN still cannot read the leases from the database after 120 s (121 failed reads)");
        assertThat(lines.get(3)).isEqualTo("INFO the database answers again after 150 s and 150 failed read(s): "
                + "protection flushes resume");
        assertThat(protectionCalls()).hasSize(1);
    }
}
