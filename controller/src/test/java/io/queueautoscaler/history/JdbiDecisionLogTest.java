package io.queueautoscaler.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jackson.Jackson;
import io.queueautoscaler.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The decision store on both databases it runs on, through the same migrations. */
class JdbiDecisionLogTest {

    @Nested
    class OnH2 extends FoldingContract {
        private JdbiDecisionLog log;

        @BeforeEach
        void setUp() {
            log = new JdbiDecisionLog(Jdbi.create(TestDatabases.h2()), Jackson.newObjectMapper(), "node-a");
        }

        @Override
        DecisionLog log() {
            return log;
        }

        @Test
        void aMessageLongerThanItsColumnIsCutNotLost() {
            Decision d = decision("thumbnails", T0, 1, 2);
            String longMessage = "hold 1: " + "CloudWatch said no. ".repeat(400);
            Decision stored = log.append(new Decision(0, d.policy(), d.time(), 1, 1, 1, d.action(), d.outcome(),
                    d.reason(), longMessage, false, d.inputs(), d.stages()));

            String message = log.find(stored.id()).orElseThrow().message();
            assertThat(message).hasSize(JdbiDecisionLog.MESSAGE_LENGTH).startsWith("hold 1: CloudWatch said no.").endsWith("…");
        }

        @Test
        void deletesOnlyDecisionsOlderThanTheCutoff() {
            log.append(decision("thumbnails", T0, 1, 2));
            long kept = log.append(decision("thumbnails", T0.plusSeconds(60), 2, 3)).id();
            assertThat(log.deleteBefore(T0.plusSeconds(30))).isEqualTo(1);
            assertThat(log.find(kept)).isPresent();
        }
    }

    @Nested
    class OnPostgres extends FoldingContract {
        private PGSimpleDataSource database;
        private JdbiDecisionLog log;

        @BeforeEach
        void setUp() {
            database = TestDatabases.postgres();
            log = new JdbiDecisionLog(Jdbi.create(database), Jackson.newObjectMapper(), "node-a");
        }

        @AfterEach
        void tearDown() {
            TestDatabases.drop(database);
        }

        @Override
        DecisionLog log() {
            return log;
        }
    }

    @Nested
    class InMemory extends DecisionLogContract {
        private final InMemoryDecisionLog log = new InMemoryDecisionLog(1000);

        @Override
        DecisionLog log() {
            return log;
        }
    }
}
