package io.queueautoscaler.lease;

import io.queueautoscaler.testing.TestDatabases;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.postgresql.ds.PGSimpleDataSource;

/** The lease store on both databases it runs on, through the same migrations, and in memory. */
class LeaseStoreTest {

    @Nested
    class OnH2 extends LeaseStoreContract {
        private final Jdbi jdbi = Jdbi.create(TestDatabases.h2());
        private final LeaseStore store = new JdbiLeaseStore(jdbi);

        @Override
        LeaseStore store() {
            return store;
        }

        @Override
        List<LeaseEvent> events(int limit) {
            return LeaseEvents.newestFirst(jdbi, limit);
        }
    }

    @Nested
    class OnPostgres extends LeaseStoreContract {
        private PGSimpleDataSource database;
        private LeaseStore store;

        @BeforeEach
        void setUp() {
            database = TestDatabases.postgres();
            store = new JdbiLeaseStore(Jdbi.create(database));
        }

        @AfterEach
        void tearDown() {
            TestDatabases.drop(database);
        }

        @Override
        LeaseStore store() {
            return store;
        }

        @Override
        List<LeaseEvent> events(int limit) {
            return LeaseEvents.newestFirst(Jdbi.create(database), limit);
        }
    }

    @Nested
    class InMemory extends LeaseStoreContract {
        private final InMemoryLeaseStore store = new InMemoryLeaseStore();

        @Override
        LeaseStore store() {
            return store;
        }

        @Override
        List<LeaseEvent> events(int limit) {
            return store.events(limit);
        }
    }
}
