package io.queueautoscaler.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database to the current schema. Most migrations serve H2 and PostgreSQL alike;
 * {@code db/vendor/<h2|postgresql>} holds the few that differ (Quartz's job store tables). It
 * sits outside {@code db/migration} because Flyway scans a location's subfolders too.
 */
public final class Schema {
    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    private Schema() {
    }

    public static void migrate(DataSource dataSource) {
        String vendor = vendor(dataSource);
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .load()
                .migrate();
        LOG.info("database schema at version {} ({} migration(s) applied)",
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
        if (vendor.equals("postgresql")) {
            autovacuumWarning(setting(dataSource, "autovacuum")).ifPresent(LOG::warn);
        }
    }

    /**
     * What to tell the operator about PostgreSQL's {@code autovacuum} setting, if anything: the
     * tables updated at every tick keep a steady size only while autovacuum reclaims their dead row
     * versions (the V10 migration sets how eagerly).
     */
    static Optional<String> autovacuumWarning(String autovacuum) {
        if (autovacuum == null || !autovacuum.trim().equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        return Optional.of("PostgreSQL's autovacuum is off on this server: the tables updated at every tick (Quartz's "
                + "triggers and fired triggers, the policy memories) keep their dead row versions and grow, about 0.7 GB "
                + "a day for 1,000 policies in a cluster. Turn it on (autovacuum = on in postgresql.conf, the default), "
                + "or VACUUM those tables regularly");
    }

    private static String setting(DataSource dataSource, String name) {
        try (Connection c = dataSource.getConnection(); PreparedStatement show = c.prepareStatement(
                "SELECT setting FROM pg_settings WHERE name = ?")) {
            show.setString(1, name);
            try (ResultSet row = show.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            LOG.warn("cannot read PostgreSQL's {} setting: {}", name, e.getMessage());
            return null;
        }
    }

    private static String vendor(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                return "postgresql";
            }
            if (product.contains("h2")) {
                return "h2";
            }
            throw new IllegalStateException("unsupported database " + product + ": use PostgreSQL or H2");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to migrate it: " + e.getMessage(), e);
        }
    }
}
