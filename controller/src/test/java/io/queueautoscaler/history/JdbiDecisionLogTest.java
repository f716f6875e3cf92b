package io.queueautoscaler.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jackson.Jackson;
import io.queueautoscaler.testing.TestDatabases;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The decision store on both databases it runs on, through the same migrations. */
class JdbiDecisionLogTest {

    /** Every 5 s for a minute, cut into 20 s buckets: the last decision of each, oldest first, this policy's only. */
    static void keepsTheLastDecisionOfEachBucket(JdbiDecisionLog log) {
        for (int s = 0; s < 60; s += 5) {
            log.append(DecisionLogContract.decision("thumbnails", DecisionLogContract.T0.plusSeconds(s), 1, 2));
        }
        log.append(DecisionLogContract.decision("reports", DecisionLogContract.T0.plusSeconds(59), 1, 2));

        List<SeriesPoint> sampled = log.lastPerBucket("thumbnails", DecisionLogContract.T0, DecisionLogContract.T0.plusSeconds(60),
                Duration.ofSeconds(20));

        assertThat(sampled).extracting(SeriesPoint::at).containsExactly(DecisionLogContract.T0.plusSeconds(15),
                DecisionLogContract.T0.plusSeconds(35), DecisionLogContract.T0.plusSeconds(55));
        assertThat(sampled).extracting(SeriesPoint::decision).extracting(Decision::time).containsExactly(
                DecisionLogContract.T0.plusSeconds(15), DecisionLogContract.T0.plusSeconds(35), DecisionLogContract.T0.plusSeconds(55));
        assertThat(sampled).allSatisfy(p -> {
            assertThat(p.decision().inputs().fleet()).isPresent();
            assertThat(p.decision().inputs().queues()).hasSize(1);
        });
    }

    /**
     * A run of repeated decisions, folded into one record that began before the window, draws a
     * point in every 20 s bucket it spans, each at its own moment.
     */
    static void drawsAFoldedRunInEveryBucketItSpans(JdbiDecisionLog log) {
        for (int s = -30; s < 50; s += 5) {
            log.append(FoldingContract.unchanged("thumbnails", DecisionLogContract.T0.plusSeconds(s), 3));
        }

        List<SeriesPoint> sampled = log.lastPerBucket("thumbnails", DecisionLogContract.T0, DecisionLogContract.T0.plusSeconds(60),
                Duration.ofSeconds(20));

        assertThat(sampled).extracting(SeriesPoint::at).containsExactly(DecisionLogContract.T0,
                DecisionLogContract.T0.plusSeconds(20), DecisionLogContract.T0.plusSeconds(40));
        assertThat(sampled).extracting(p -> p.decision().id()).containsOnly(sampled.get(0).decision().id());
    }

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
        void samplesALongWindowInTheDatabase() {
            keepsTheLastDecisionOfEachBucket(log);
        }

        @Test
        void drawsAFoldedRunAcrossTheWindow() {
            drawsAFoldedRunInEveryBucketItSpans(log);
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

        @Test
        void samplesALongWindowInTheDatabase() {
            keepsTheLastDecisionOfEachBucket(log);
        }

        @Test
        void drawsAFoldedRunAcrossTheWindow() {
            drawsAFoldedRunInEveryBucketItSpans(log);
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
