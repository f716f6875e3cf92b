package io.queueautoscaler.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.recommend.LeasedTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node's leases over a store: what is written before an answer, and what the snapshot shows. */
class LeasesTest {
    private static final String A = "i-0a1b2c3d4e5f60001";
    private static final String B = "i-0a1b2c3d4e5f60002";
    private static final String GROUP = "thumbnails-workers";
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final InMemoryLeaseStore store = new InMemoryLeaseStore();
    private final Leases leases = Leases.restore(store, clock);

    @AfterEach
    void stop() throws InterruptedException {
        leases.stop();
    }

    private TakeOutcome take(String id, String holder, Duration duration) {
        return leases.take(Lease.take(id, holder, GROUP, clock.instant(), duration, false));
    }

    @Test
    void aLeasedInstanceCannotBeClaimedForScaleInAndAClaimedOneTakesNoLease() {
        take(A, "task-1", MINUTE);

        assertThat(leases.claimForScaleIn(A)).isFalse();
        assertThat(leases.claimForScaleIn(B)).isTrue();
        assertThat(take(B, "task-1", MINUTE)).isEqualTo(TakeOutcome.SCALING_IN);

        leases.releaseClaim(B);
        assertThat(take(B, "task-1", MINUTE)).as("a termination that failed gives the instance back").isEqualTo(TakeOutcome.TAKEN);
    }

    @Test
    void aRenewalIsStoredBeforeItIsAnsweredAndTouchesOnlyItsHolder() {
        take(A, "task-1", MINUTE);
        take(A, "task-2", Duration.ofMinutes(10));
        clock.advance(Duration.ofSeconds(20));

        List<Optional<Instant>> renewed = leases.renew(A, List.of("task-1", "nobody"), MINUTE);

        assertThat(renewed).containsExactly(Optional.of(Instant.parse("2026-11-26T10:01:20Z")), Optional.empty());
        assertThat(store.leasesOf(A)).extracting(Lease::holder, Lease::expiresAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple("task-1", Instant.parse("2026-11-26T10:01:20Z")),
                org.assertj.core.groups.Tuple.tuple("task-2", Instant.parse("2026-11-26T10:10:00Z")));
    }

    @Test
    void releasedLeasesAreTheGroupsFinishedTasksHandedOutOnceAndExpiredOnesAreNone() {
        take(A, "task-1", MINUTE);
        clock.advance(Duration.ofSeconds(2));
        take(A, "task-2", MINUTE);
        take(B, "task-1", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(3));
        leases.release(A, "task-1");
        leases.release(A, "task-2");
        leases.release(A, "never-taken");

        assertThat(leases.takeReleasedTasks(GROUP)).isEqualTo(new LeasedTasks(2, 5 + 3));
        assertThat(leases.takeReleasedTasks(GROUP)).as("each release is handed out once").isEqualTo(LeasedTasks.NONE);
        assertThat(leases.takeReleasedTasks("other-workers")).isEqualTo(LeasedTasks.NONE);

        clock.advance(MINUTE);
        store.expire(store.leasesOf(B), clock.instant());
        assertThat(leases.takeReleasedTasks(GROUP)).as("an expired lease is no finished task").isEqualTo(LeasedTasks.NONE);
    }

    @Test
    void theInstanceViewListsOnlyLiveHoldersAndIsEmptyWithoutOne() {
        take(A, "short", Duration.ofSeconds(10));
        take(A, "long", MINUTE);
        clock.advance(Duration.ofSeconds(10));

        assertThat(leases.instance(A)).hasValueSatisfying(i -> {
            assertThat(i.autoScalingGroupName()).isEqualTo(GROUP);
            assertThat(i.holders()).extracting(Lease::holder).containsExactly("long");
        });
        clock.advance(MINUTE);
        assertThat(leases.instance(A)).isEmpty();
        assertThat(leases.all()).isEmpty();
    }

    @Test
    void theReconcilersViewComesFromTheLastSnapshotWithEachInstancesLatestExpiry() {
        take(A, "task-1", MINUTE);
        take(A, "task-2", Duration.ofMinutes(2));
        take(B, "task-1", MINUTE);
        assertThat(leases.liveLeases(GROUP)).as("not read yet").isEmpty();

        leases.refresh();

        assertThat(leases.liveLeases(GROUP)).isEqualTo(Map.of(A, Instant.parse("2026-11-26T10:02:00Z"),
                B, Instant.parse("2026-11-26T10:01:00Z")));
        clock.advance(MINUTE);
        assertThat(leases.liveLeases(GROUP)).containsOnlyKeys(A);
    }

    @Test
    void theGroupOfAnInstanceLeasedOnAnotherNodeComesFromTheStore() {
        Leases otherNode = Leases.restore(store, clock);
        try {
            otherNode.take(Lease.take(A, "task-1", GROUP, clock.instant(), MINUTE, false));

            assertThat(leases.groupOf(A)).hasValue(GROUP);
            assertThat(leases.groupOf(B)).isEmpty();
        } finally {
            stopQuietly(otherNode);
        }
    }

    @Test
    void drainingRefusesNewHoldersAndTellsWhetherAnyHolderIsLeft() {
        take(A, "task-1", MINUTE);

        leases.markDraining(A);

        assertThat(take(A, "task-2", MINUTE)).isEqualTo(TakeOutcome.DRAINING);
        assertThat(leases.hasLiveHolders(A)).isTrue();
        leases.refresh();
        assertThat(leases.isDraining(A)).isTrue();
        leases.release(A, "task-1");
        assertThat(leases.hasLiveHolders(A)).isFalse();
    }

    @Test
    void aRestartGivesLeasesThatExpiredMeanwhileOneMorePeriod() {
        take(A, "task-1", MINUTE);
        clock.advance(Duration.ofMinutes(30)); // the daemon was down

        Leases restarted = Leases.restore(store, clock);
        try {
            assertThat(restarted.instance(A)).hasValueSatisfying(i -> assertThat(i.holders()).singleElement()
                    .satisfies(l -> assertThat(l.expiresAt()).isEqualTo(Instant.parse("2026-11-26T10:31:00Z"))));
            assertThat(restarted.liveLeases(GROUP)).containsOnlyKeys(A);
        } finally {
            stopQuietly(restarted);
        }
    }

    private static void stopQuietly(Leases leases) {
        try {
            leases.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
