package io.queueautoscaler.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every lease store does; run against H2, PostgreSQL and memory. */
abstract class LeaseStoreContract {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final String A = "i-0a1b2c3d4e5f60001";
    static final String B = "i-0a1b2c3d4e5f60002";

    abstract LeaseStore store();

    /** The store's event log, newest first. */
    abstract List<LeaseEvent> events(int limit);

    static Lease lease(String id, Instant at, int seconds) {
        return Lease.take(id, "thumbnails-workers", at, Duration.ofSeconds(seconds), false);
    }

    static LeaseEvent event(Lease lease, LeaseEvent.Type type) {
        return new LeaseEvent(lease.takenAt(), lease.instanceId(), lease.autoScalingGroupName(), type, "");
    }

    @Test
    void storesATakenLeaseWithItsEvent() {
        Lease a = lease(A, T0, 300);

        store().insert(a, event(a, LeaseEvent.Type.TAKEN));

        assertThat(store().leases()).containsExactly(a);
        assertThat(events(10)).extracting(LeaseEvent::type).containsExactly(LeaseEvent.Type.TAKEN);
    }

    @Test
    void aNewTakingReplacesTheOldLeaseOfTheSameInstance() {
        Lease old = lease(A, T0, 60);
        Lease newer = lease(A, T0.plusSeconds(90), 60);
        store().insert(old, event(old, LeaseEvent.Type.TAKEN));

        store().insert(newer, event(newer, LeaseEvent.Type.TAKEN));

        assertThat(store().leases()).containsExactly(newer);
    }

    @Test
    void deletingAnOldTakingLeavesTheNewerLeaseOfTheSameInstance() {
        Lease old = lease(A, T0, 60);
        Lease newer = lease(A, T0.plusSeconds(90), 60);
        store().insert(newer, event(newer, LeaseEvent.Type.TAKEN));

        store().delete(List.of(old), List.of(event(old, LeaseEvent.Type.EXPIRED)));

        assertThat(store().leases()).containsExactly(newer);
        assertThat(events(10)).extracting(LeaseEvent::type)
                .containsExactly(LeaseEvent.Type.EXPIRED, LeaseEvent.Type.TAKEN);
    }

    @Test
    void writesRenewedExpiriesInOneBatchAndSkipsLeasesNoLongerStored() {
        Lease a = lease(A, T0, 60);
        Lease b = lease(B, T0, 60);
        store().insert(a, event(a, LeaseEvent.Type.TAKEN));

        store().updateExpiries(List.of(a.renewedUntil(T0.plusSeconds(600)), b.renewedUntil(T0.plusSeconds(600))));

        assertThat(store().leases()).containsExactly(a.renewedUntil(T0.plusSeconds(600)));
    }

    @Test
    void keepsTheInstancesTheDaemonProtected() {
        store().addProtected("thumbnails-workers", List.of(A, B), T0);
        store().addProtected("thumbnails-workers", List.of(A), T0.plusSeconds(1)); // claiming twice is harmless

        store().removeProtected(List.of(B));

        assertThat(store().protectedInstances()).containsExactly(java.util.Map.entry(A, "thumbnails-workers"));
    }

    @Test
    void listsEventsNewestFirstAndPrunesTheOldOnes() {
        Lease a = lease(A, T0, 60);
        store().record(List.of(new LeaseEvent(T0, A, "thumbnails-workers", LeaseEvent.Type.PROTECTED, ""),
                new LeaseEvent(T0.plusSeconds(60), A, "thumbnails-workers", LeaseEvent.Type.EXPIRED, "not renewed"),
                new LeaseEvent(T0.plusSeconds(61), A, "thumbnails-workers", LeaseEvent.Type.UNPROTECTED, "")));

        assertThat(events(2)).extracting(LeaseEvent::type)
                .containsExactly(LeaseEvent.Type.UNPROTECTED, LeaseEvent.Type.EXPIRED);
        assertThat(store().deleteEventsBefore(T0.plusSeconds(30))).isEqualTo(1);
        assertThat(events(10)).hasSize(2).allSatisfy(e -> assertThat(e.instanceId()).isEqualTo(a.instanceId()));
    }
}
