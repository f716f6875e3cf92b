package io.queueautoscaler.testing;

import io.queueautoscaler.db.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Databases for store tests: a fresh in-memory H2, or a throwaway PostgreSQL database on
 * 127.0.0.1:5432. PostgreSQL tests are skipped with a notice when no server is reachable, unless
 * QUEUE_AUTOSCALER_REQUIRE_POSTGRES=true (set by .ci/run), where an unreachable server fails them.
 */
public final class TestDatabases {
    public static final String POSTGRES_URL = System.getenv().getOrDefault(
            "QUEUE_AUTOSCALER_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    public static final String POSTGRES_USER = System.getenv().getOrDefault("QUEUE_AUTOSCALER_TEST_POSTGRES_USER", "postgres");

    private TestDatabases() {
    }

    public static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        Schema.migrate(ds);
        return ds;
    }

    /** A new, migrated PostgreSQL database; its name is returned by {@link PGSimpleDataSource#getDatabaseName()}. */
    public static PGSimpleDataSource postgres() {
        String name = "qa_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            if (Boolean.parseBoolean(System.getenv("QUEUE_AUTOSCALER_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException("PostgreSQL is required (QUEUE_AUTOSCALER_REQUIRE_POSTGRES=true) but "
                        + POSTGRES_URL + " is unreachable: " + e.getMessage(), e);
            }
            System.err.println("NOTICE: skipping PostgreSQL tests, no server at " + POSTGRES_URL + ": " + e.getMessage());
            Assumptions.abort("PostgreSQL not reachable at " + POSTGRES_URL);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(POSTGRES_URL.substring(0, POSTGRES_URL.lastIndexOf('/') + 1) + name);
        ds.setUser(POSTGRES_USER);
        Schema.migrate(ds);
        return ds;
    }

    /** Drops a database made by {@link #postgres()}; nothing when none was made. */
    public static void drop(PGSimpleDataSource ds) {
        if (ds == null) {
            return; // the test was skipped before a database was made
        }
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + ds.getDatabaseName() + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + ds.getDatabaseName() + ": " + e.getMessage());
        }
    }
}
