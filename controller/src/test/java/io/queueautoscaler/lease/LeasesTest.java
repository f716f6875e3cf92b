package io.queueautoscaler.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueautoscaler.clock.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeasesTest {
    private static final String A = "i-0a1b2c3d4e5f60001";
    private static final String B = "i-0a1b2c3d4e5f60002";
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final InMemoryLeaseStore store = new InMemoryLeaseStore();
    private final Leases leases = Leases.restore(store, clock);

    @Test
    void aLeasedInstanceCannotBeClaimedForScaleIn() {
        leases.take(A, "thumbnails-workers", MINUTE, false);

        assertThat(leases.claimForScaleIn(A)).isFalse();
        assertThat(leases.claimForScaleIn(B)).isTrue();
    }

    @Test
    void anInstanceClaimedForScaleInIsRefusedANewLeaseNamingWhy() {
        clock.advance(Duration.ofSeconds(5));
        assertThat(leases.claimForScaleIn(A)).isTrue();

        assertThatThrownBy(() -> leases.take(A, "thumbnails-workers", MINUTE, false))
                .isInstanceOfSatisfying(LeaseRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(LeaseRefusedException.Refusal.CONFLICT))
                .hasMessageContaining("is being scaled in");
        assertThat(store.leases()).isEmpty();

        clock.advance(Leases.RETIRING);
        assertThat(leases.take(A, "thumbnails-workers", MINUTE, false).instanceId())
                .as("a claim lapses: an instance that was not terminated after all can work again").isEqualTo(A);
    }

    @Test
    void aNewLeaseIsStoredBeforeTakeReturns() {
        Lease taken = leases.take(A, "thumbnails-workers", MINUTE, false);

        assertThat(store.leases()).containsExactly(taken);
        assertThat(taken.expiresAt()).isEqualTo(Instant.parse("2026-11-26T10:01:00Z"));
        assertThat(store.events(1)).extracting(LeaseEvent::type).containsExactly(LeaseEvent.Type.TAKEN);
    }

    @Test
    void aRenewalTouchesMemoryOnlyUntilTheFlusherWritesTheBatch() {
        Lease taken = leases.take(A, "thumbnails-workers", MINUTE, false);
        clock.advance(Duration.ofSeconds(20));

        Lease renewed = leases.renew(A, MINUTE).orElseThrow();

        assertThat(renewed.expiresAt()).isEqualTo(Instant.parse("2026-11-26T10:01:20Z"));
        assertThat(store.leases()).containsExactly(taken);
        assertThat(leases.persistRenewals()).isEqualTo(1);
        assertThat(store.leases()).containsExactly(renewed);
        assertThat(leases.persistRenewals()).isZero();
        assertThat(store.events(10)).extracting(LeaseEvent::type).containsExactly(LeaseEvent.Type.TAKEN);
    }

    @Test
    void anExpiredLeaseCannotBeRenewedButCanBeTakenAgain() {
        leases.take(A, "thumbnails-workers", MINUTE, false);
        clock.advance(MINUTE);

        assertThat(leases.renew(A, MINUTE)).isEmpty();
        assertThat(leases.find(A)).isEmpty();
        Lease again = leases.take(A, "thumbnails-workers", MINUTE, false);
        assertThat(again.takenAt()).isEqualTo(Instant.parse("2026-11-26T10:01:00Z"));
        assertThat(store.leases()).containsExactly(again);
    }

    @Test
    void takingALiveLeaseAgainRenewsIt() {
        Lease first = leases.take(A, "thumbnails-workers", MINUTE, false);
        clock.advance(Duration.ofSeconds(30));

        Lease second = leases.take(A, "thumbnails-workers", MINUTE, false);

        assertThat(second.takenAt()).isEqualTo(first.takenAt());
        assertThat(second.expiresAt()).isEqualTo(Instant.parse("2026-11-26T10:01:30Z"));
        assertThat(store.events(10)).hasSize(1);
    }

    @Test
    void aReleaseIsStoredBeforeReleaseReturnsAndReleasingTwiceIsHarmless() {
        leases.take(A, "thumbnails-workers", MINUTE, false);

        assertThat(leases.release(A)).isTrue();
        assertThat(leases.release(A)).isFalse();

        assertThat(store.leases()).isEmpty();
        assertThat(store.events(1)).extracting(LeaseEvent::type).containsExactly(LeaseEvent.Type.RELEASED);
    }

    @Test
    void expiryDropsOnlyTheLeasesPastTheirExpiryAndRecordsIt() {
        leases.take(A, "thumbnails-workers", MINUTE, false);
        leases.take(B, "thumbnails-workers", Duration.ofMinutes(5), false);
        clock.advance(MINUTE);

        assertThat(leases.expire(clock.instant())).extracting(Lease::instanceId).containsExactly(A);

        assertThat(leases.live()).extracting(Lease::instanceId).containsExactly(B);
        assertThat(store.leases()).extracting(Lease::instanceId).containsExactly(B);
        assertThat(store.events(1)).extracting(LeaseEvent::type, LeaseEvent::instanceId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(LeaseEvent.Type.EXPIRED, A));
    }

    @Test
    void theViewListsLiveLeasesOfOneGroupWithTheirExpiry() {
        leases.take(A, "thumbnails-workers", MINUTE, false);
        leases.take(B, "reports-workers", MINUTE, false);

        assertThat(leases.liveLeases("thumbnails-workers"))
                .isEqualTo(Map.of(A, Instant.parse("2026-11-26T10:01:00Z")));
        clock.advance(MINUTE);
        assertThat(leases.liveLeases("thumbnails-workers")).isEmpty();
    }

    @Test
    void aRestoreServesEveryStoredLeaseUnprotectedUntilRepairSaysOtherwise() {
        leases.take(A, "thumbnails-workers", MINUTE, true);

        Leases restored = Leases.restore(store, clock);

        assertThat(restored.find(A)).hasValueSatisfying(l -> assertThat(l.protectedFromScaleIn()).isFalse());
    }
}
