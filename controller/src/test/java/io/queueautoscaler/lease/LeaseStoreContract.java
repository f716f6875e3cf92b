package io.queueautoscaler.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every lease store does; run against H2, PostgreSQL and memory. */
abstract class LeaseStoreContract {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final String A = "i-0a1b2c3d4e5f60001";
    static final String B = "i-0a1b2c3d4e5f60002";
    static final String GROUP = "thumbnails-workers";

    abstract LeaseStore store();

    /** The store's event log, newest first. */
    abstract List<LeaseEvent> events(int limit);

    static Lease lease(String id, String holder, Instant at, int seconds) {
        return Lease.take(id, holder, GROUP, at, Duration.ofSeconds(seconds), false);
    }

    private Instant expiryOf(String id, String holder) {
        return store().leasesOf(id).stream().filter(l -> l.holder().equals(holder)).findFirst().orElseThrow().expiresAt();
    }

    @Test
    void storesATakenLeaseWithItsEvent() {
        Lease a = lease(A, "task-1", T0, 300);

        assertThat(store().take(a, 1000)).isEqualTo(TakeOutcome.TAKEN);

        assertThat(store().leases()).containsExactly(a);
        assertThat(events(10)).extracting(LeaseEvent::type).containsExactly(LeaseEvent.Type.TAKEN);
        assertThat(events(10).get(0).detail()).contains("task-1");
    }

    @Test
    void theHoldersOfOneInstanceRenewAndReleaseOnlyTheirOwnLease() {
        store().take(lease(A, "task-1", T0, 600), 1000);
        store().take(lease(A, "task-2", T0, 600), 1000);

        assertThat(store().renew(List.of(new Renewal(A, "task-1", T0.plusSeconds(10), Duration.ofSeconds(30)))))
                .containsExactly(true);
        assertThat(expiryOf(A, "task-1")).isEqualTo(T0.plusSeconds(40));
        assertThat(expiryOf(A, "task-2")).as("a shorter renewal of task-1 leaves task-2's lease alone")
                .isEqualTo(T0.plusSeconds(600));

        assertThat(store().release(A, "task-1", T0.plusSeconds(20))).isPresent();

        assertThat(store().leasesOf(A)).extracting(Lease::holder).containsExactly("task-2");
        assertThat(store().release(A, "task-1", T0.plusSeconds(21))).as("releasing twice").isEmpty();
    }

    @Test
    void aRenewalRenewsOnlyALiveLeaseAndSaysWhichWereRenewed() {
        store().take(lease(A, "live", T0, 60), 1000);
        store().take(lease(A, "expired", T0, 5), 1000);
        Instant at = T0.plusSeconds(10);

        List<Boolean> renewed = store().renew(List.of(new Renewal(A, "live", at, Duration.ofSeconds(60)),
                new Renewal(A, "expired", at, Duration.ofSeconds(60)), new Renewal(B, "unknown", at, Duration.ofSeconds(60))));

        assertThat(renewed).containsExactly(true, false, false);
        assertThat(expiryOf(A, "live")).isEqualTo(T0.plusSeconds(70));
        assertThat(expiryOf(A, "expired")).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void takingALiveHoldersLeaseAgainRenewsIt() {
        store().take(lease(A, "task-1", T0, 60), 1000);

        assertThat(store().take(lease(A, "task-1", T0.plusSeconds(30), 60), 1000)).isEqualTo(TakeOutcome.RENEWED);

        assertThat(store().leases()).singleElement().satisfies(l -> {
            assertThat(l.takenAt()).isEqualTo(T0);
            assertThat(l.expiresAt()).isEqualTo(T0.plusSeconds(90));
        });
    }

    @Test
    void aFullInstanceTakesNoNewHolderButItsHoldersStillRenew() {
        store().take(lease(A, "task-1", T0, 60), 2);
        store().take(lease(A, "task-2", T0, 60), 2);

        assertThat(store().take(lease(A, "task-3", T0, 60), 2)).isEqualTo(TakeOutcome.FULL);
        assertThat(store().take(lease(A, "task-2", T0.plusSeconds(1), 60), 2)).isEqualTo(TakeOutcome.RENEWED);
        assertThat(store().take(lease(B, "task-3", T0, 60), 2)).as("another instance").isEqualTo(TakeOutcome.TAKEN);
    }

    @Test
    void aDrainingInstanceTakesNoNewHolderButItsHoldersStillRenew() {
        store().take(lease(A, "task-1", T0, 60), 1000);

        assertThat(store().block(A, InstanceBlock.DRAINING, T0.plusSeconds(1), false)).isTrue();

        assertThat(store().take(lease(A, "task-2", T0.plusSeconds(2), 60), 1000)).isEqualTo(TakeOutcome.DRAINING);
        assertThat(store().renew(List.of(new Renewal(A, "task-1", T0.plusSeconds(2), Duration.ofSeconds(60)))))
                .containsExactly(true);
        assertThat(store().blocks(T0.plusSeconds(2))).containsExactly(Map.entry(A, InstanceBlock.DRAINING));
    }

    @Test
    void aScaleInClaimNeedsAnUnleasedInstanceAndThenRefusesLeasesUntilGivenBack() {
        store().take(lease(A, "task-1", T0, 60), 1000);

        assertThat(store().block(A, InstanceBlock.SCALE_IN, T0.plusSeconds(1), true)).as("leased").isFalse();
        assertThat(store().block(B, InstanceBlock.SCALE_IN, T0.plusSeconds(1), true)).as("unleased").isTrue();
        assertThat(store().take(lease(B, "task-1", T0.plusSeconds(2), 60), 1000)).isEqualTo(TakeOutcome.SCALING_IN);

        store().unblock(B, InstanceBlock.SCALE_IN);

        assertThat(store().take(lease(B, "task-1", T0.plusSeconds(3), 60), 1000)).isEqualTo(TakeOutcome.TAKEN);
    }

    @Test
    void aStaleScaleInClaimNoLongerRefuses() {
        store().block(A, InstanceBlock.SCALE_IN, T0, true);
        Instant later = T0.plus(InstanceBlock.SCALE_IN.lasts());

        assertThat(store().blocks(later)).isEmpty();
        assertThat(store().take(lease(A, "task-1", later, 60), 1000)).isEqualTo(TakeOutcome.TAKEN);
    }

    @Test
    void expiringDeletesOnlyLeasesStillExpiredWithTheirEvents() {
        Lease renewedMeanwhile = lease(A, "task-1", T0, 10);
        Lease expired = lease(A, "task-2", T0, 10);
        store().take(renewedMeanwhile, 1000);
        store().take(expired, 1000);
        store().renew(List.of(new Renewal(A, "task-1", T0.plusSeconds(5), Duration.ofSeconds(60))));

        List<Lease> gone = store().expire(List.of(renewedMeanwhile, expired), T0.plusSeconds(20));

        assertThat(gone).containsExactly(expired);
        assertThat(store().leasesOf(A)).extracting(Lease::holder).containsExactly("task-1");
        assertThat(events(1)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(LeaseEvent.Type.EXPIRED);
            assertThat(e.detail()).contains("task-2");
        });
    }

    @Test
    void atAStartLeasesThatExpiredMeanwhileGetOneMoreOfTheirPeriods() {
        store().take(lease(A, "expired", T0, 30), 1000);
        store().take(lease(A, "live", T0, 3600), 1000);
        Instant start = T0.plusSeconds(600);

        List<Lease> extended = store().grace(start);

        assertThat(extended).extracting(Lease::holder).containsExactly("expired");
        assertThat(expiryOf(A, "expired")).isEqualTo(start.plusSeconds(30));
        assertThat(expiryOf(A, "live")).isEqualTo(T0.plusSeconds(3600));
        assertThat(events(1)).extracting(LeaseEvent::type).containsExactly(LeaseEvent.Type.GRACE);
    }

    @Test
    void revokingDeletesEveryHolderOfTheInstanceWithOneEvent() {
        store().take(lease(A, "task-1", T0, 60), 1000);
        store().take(lease(A, "task-2", T0, 60), 1000);
        store().take(lease(B, "task-1", T0, 60), 1000);

        assertThat(store().revoke(A, T0.plusSeconds(1), "an admin")).hasSize(2);

        assertThat(store().leases()).extracting(Lease::instanceId).containsExactly(B);
        assertThat(events(1)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(LeaseEvent.Type.REVOKED);
            assertThat(e.detail()).isEqualTo("2 holder(s) revoked by an admin");
        });
    }

    @Test
    void tellsWhichInstancesHaveALiveLease() {
        store().take(lease(A, "task-1", T0, 60), 1000);
        store().take(lease(B, "task-1", T0, 5), 1000);

        assertThat(store().leasedAmong(List.of(A, B, "i-0a1b2c3d4e5f60003"), T0.plusSeconds(10))).containsExactly(A);
    }

    @Test
    void remembersWhoElseProtectsAnInstance() {
        store().take(lease(A, "task-1", T0, 60), 1000);

        store().markProtectedByOther(A, true);

        assertThat(store().leases()).singleElement().satisfies(l -> assertThat(l.protectedByOther()).isTrue());
    }

    @Test
    void keepsTheInstancesTheDaemonProtectedAndWhetherAwsConfirmed() {
        store().addProtected(GROUP, List.of(A, B), T0);
        store().addProtected(GROUP, List.of(A), T0.plusSeconds(1)); // claiming twice is harmless
        store().confirmProtected(List.of(A), true);

        store().removeProtected(List.of(B));

        assertThat(store().protectedInstances()).containsExactly(Map.entry(A, new LedgerEntry(GROUP, true)));
    }

    @Test
    void oneNodeAtATimeOwnsAGroupUntilItsTimeRunsOut() {
        Duration hold = Duration.ofSeconds(5);

        assertThat(store().own(GROUP, "node-a", T0, hold)).isTrue();
        assertThat(store().own(GROUP, "node-b", T0.plusSeconds(1), hold)).isFalse();
        assertThat(store().own(GROUP, "node-a", T0.plusSeconds(3), hold)).as("the owner renews").isTrue();
        assertThat(store().own(GROUP, "node-b", T0.plusSeconds(7), hold)).isFalse();
        assertThat(store().own(GROUP, "node-b", T0.plusSeconds(8), hold)).as("after the owner's time").isTrue();
        assertThat(store().own(GROUP, "node-a", T0.plusSeconds(9), hold)).isFalse();
        assertThat(store().own("other-group", "node-a", T0.plusSeconds(9), hold)).isTrue();
    }

    @Test
    void listsEventsNewestFirstAndPrunesTheOldOnes() {
        store().record(List.of(new LeaseEvent(T0, A, GROUP, LeaseEvent.Type.PROTECTED, ""),
                new LeaseEvent(T0.plusSeconds(60), A, GROUP, LeaseEvent.Type.EXPIRED, "not renewed"),
                new LeaseEvent(T0.plusSeconds(61), A, GROUP, LeaseEvent.Type.UNPROTECTED, "")));

        assertThat(events(2)).extracting(LeaseEvent::type)
                .containsExactly(LeaseEvent.Type.UNPROTECTED, LeaseEvent.Type.EXPIRED);
        assertThat(store().deleteEventsBefore(T0.plusSeconds(30))).isEqualTo(1);
        assertThat(events(10)).hasSize(2).allSatisfy(e -> assertThat(e.instanceId()).isEqualTo(A));
    }
}
