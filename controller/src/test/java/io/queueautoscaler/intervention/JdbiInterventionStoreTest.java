package io.queueautoscaler.intervention;

import io.queueautoscaler.testing.TestDatabases;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.postgresql.ds.PGSimpleDataSource;

/** The intervention store on both databases it runs on, through the same migrations. */
class JdbiInterventionStoreTest {

    @Nested
    class OnH2 extends InterventionStoreContract {
        private final DataSource database = TestDatabases.h2();

        @Override
        DataSource database() {
            return database;
        }
    }

    @Nested
    class OnPostgres extends InterventionStoreContract {
        private PGSimpleDataSource database;

        @BeforeEach
        void setUp() {
            database = TestDatabases.postgres();
        }

        @AfterEach
        void tearDown() {
            TestDatabases.drop(database);
        }

        @Override
        DataSource database() {
            return database;
        }
    }
}
