package io.queueautoscaler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.testing.TestDatabases;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Each tick of a policy goes to one node, on both databases. */
class JdbiTickClaimsTest {
    private static final Instant TICK = Instant.parse("2026-11-30T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(TICK, ZoneOffset.UTC);

    abstract static class Contract {
        abstract DataSource database();

        TickClaims node(String name) {
            return new JdbiTickClaims(Jdbi.create(database()), name, CLOCK);
        }

        @Test
        void theFirstNodeToClaimATickActsAndNoOtherNodeCanClaimItAgain() {
            assertThat(node("a").claim("thumbnails", TICK)).isTrue();
            assertThat(node("b").claim("thumbnails", TICK)).as("same tick, other node").isFalse();
            assertThat(node("a").claim("thumbnails", TICK)).as("same tick, same node re-fired").isFalse();
        }

        @Test
        void anEarlierTickCannotBeClaimedOnceALaterOneWas() {
            assertThat(node("a").claim("thumbnails", TICK.plusSeconds(15))).isTrue();
            assertThat(node("b").claim("thumbnails", TICK)).isFalse();
            assertThat(node("b").claim("thumbnails", TICK.plusSeconds(30))).isTrue();
        }

        @Test
        void policiesAreClaimedIndependently() {
            assertThat(node("a").claim("thumbnails", TICK)).isTrue();
            assertThat(node("b").claim("video", TICK)).isTrue();
        }

        @Test
        void nodesRacingForTheFirstTickOfAPolicyGetOneWinner() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                for (int round = 0; round < 5; round++) {
                    Instant tick = TICK.plusSeconds(15L * round);
                    List<Callable<Boolean>> racers = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        TickClaims claims = node("node-" + i);
                        racers.add(() -> claims.claim("race", tick));
                    }
                    long winners = 0;
                    for (Future<Boolean> f : pool.invokeAll(racers)) {
                        winners += f.get() ? 1 : 0;
                    }
                    assertThat(winners).as("winners of tick %s", tick).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class OnH2 extends Contract {
        private final DataSource database = TestDatabases.h2();

        @Override
        DataSource database() {
            return database;
        }
    }

    @Nested
    class OnPostgres extends Contract {
        private PGSimpleDataSource database;

        @Override
        DataSource database() {
            if (database == null) {
                database = TestDatabases.postgres();
            }
            return database;
        }

        @AfterEach
        void drop() {
            TestDatabases.drop(database);
        }
    }
}
