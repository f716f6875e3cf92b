package io.queueautoscaler.intervention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** What every intervention store does: run against H2 and PostgreSQL by {@link JdbiInterventionStoreTest}. */
abstract class InterventionStoreContract {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    abstract DataSource database();

    private InterventionStore store() {
        return new JdbiInterventionStore(Jdbi.create(database()));
    }

    private static Intervention pause(Optional<Instant> until, String reason) {
        return Intervention.pause(Optional.of(reason), until, "ops", "10.0.0.7", T0);
    }

    @Test
    void aPauseIsInForceUntilItLapsesByItself() {
        InterventionStore store = store();
        store.start("thumbnails", pause(Optional.of(T0.plusSeconds(3600)), "incident 42"));

        PolicyHold hold = store.hold("thumbnails", T0.plusSeconds(60));
        assertThat(hold.pause()).hasValueSatisfying(p -> {
            assertThat(p.reason()).contains("incident 42");
            assertThat(p.by()).isEqualTo("ops");
            assertThat(p.from()).isEqualTo("10.0.0.7");
            assertThat(p.since()).isEqualTo(T0);
            assertThat(p.until()).contains(T0.plusSeconds(3600));
        });
        assertThat(hold.override()).isEmpty();
        assertThat(store.hold("thumbnails", T0.plusSeconds(3600))).isEqualTo(PolicyHold.NONE);
        assertThat(store.hold("reports", T0.plusSeconds(60))).isEqualTo(PolicyHold.NONE);
    }

    @Test
    void endingIsIdempotentAndSaysWhetherOneWasInForce() {
        InterventionStore store = store();
        store.start("thumbnails", pause(Optional.empty(), "deploy"));

        assertThat(store.end("thumbnails", Intervention.Kind.PAUSE, "admin", T0.plusSeconds(10))).isTrue();
        assertThat(store.end("thumbnails", Intervention.Kind.PAUSE, "admin", T0.plusSeconds(20))).isFalse();
        assertThat(store.hold("thumbnails", T0.plusSeconds(30))).isEqualTo(PolicyHold.NONE);
    }

    @Test
    void aNewPauseReplacesTheOldAndAnOverrideStandsBesideIt() {
        InterventionStore store = store();
        store.start("thumbnails", pause(Optional.empty(), "first"));
        store.start("thumbnails", pause(Optional.empty(), "second"));
        store.start("thumbnails", Intervention.override(3, Optional.empty(), Optional.empty(), "alice", "10.0.0.8", T0));
        store.start("reports", pause(Optional.empty(), "other"));

        PolicyHold hold = store.hold("thumbnails", T0.plusSeconds(1));
        assertThat(hold.pause().flatMap(Intervention::reason)).contains("second");
        assertThat(hold.override()).hasValueSatisfying(o -> assertThat(o.desiredCapacity()).hasValue(3));
        assertThat(hold.governing()).isEqualTo(hold.override());
        assertThat(store.holds(T0.plusSeconds(1))).containsOnlyKeys("thumbnails", "reports");
        assertThat(store.end("thumbnails", Intervention.Kind.OVERRIDE, "alice", T0.plusSeconds(2))).isTrue();
        assertThat(store.hold("thumbnails", T0.plusSeconds(3)).pause()).isPresent();
    }
}
