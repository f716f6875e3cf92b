package io.queueautoscaler.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Hands Quartz connections from the daemon's own pool (Dropwizard's managed DataSource), so the
 * job store needs no pool of its own (Quartz's needs c3p0 or Hikari) and shares the pool's
 * configuration and metrics. Quartz restores each connection's auto-commit before returning it.
 */
final class DataSourceConnectionProvider implements ConnectionProvider {
    private final DataSource dataSource;

    DataSourceConnectionProvider(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    /** The pool belongs to Dropwizard, which closes it after the scheduler has stopped. */
    @Override
    public void shutdown() {
    }

    @Override
    public void initialize() {
    }
}
