package io.queueautoscaler.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the start says about PostgreSQL's autovacuum, which keeps the tables updated at every tick at a steady size. */
class SchemaTest {
    @Test
    void autovacuumOffIsSaidWithWhatGrowsAndHowToFixIt() {
        assertThat(Schema.autovacuumWarning("off")).hasValueSatisfying(warning -> assertThat(warning)
                .startsWith("PostgreSQL's autovacuum is off on this server")
                .contains("Quartz's triggers").contains("autovacuum = on in postgresql.conf"));
    }

    @Test
    void autovacuumOnOrUnknownSaysNothing() {
        assertThat(Schema.autovacuumWarning("on")).isEmpty();
        assertThat(Schema.autovacuumWarning(null)).isEmpty();
    }
}
