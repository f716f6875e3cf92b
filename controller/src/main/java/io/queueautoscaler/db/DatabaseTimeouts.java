package io.queueautoscaler.db;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * Bounds on every database call, so that a database that hangs (a frozen server, a dropped
 * network path) fails a call instead of holding its thread forever. Each is well under the
 * default 15 s evaluation interval; decisions are written off the evaluation thread anyway.
 *
 * <ul>
 *   <li>a connection from the pool: {@value #POOL_WAIT_SECONDS} s ({@code database.maxWaitForConnection},
 *       Dropwizard's own default being 30 s);</li>
 *   <li>one statement: {@value #STATEMENT_SECONDS} s, by JDBI's query timeout (H2 and PostgreSQL) and
 *       on PostgreSQL also by the server's {@code statement_timeout} (Quartz's statements too);</li>
 *   <li>on PostgreSQL, the socket: connect {@value #CONNECT_SECONDS} s, login {@value #LOGIN_SECONDS} s,
 *       and {@value #SOCKET_SECONDS} s without a byte from the server on an open connection, the
 *       bound that holds when the server cannot even cancel a statement.</li>
 * </ul>
 *
 * Each is a default: a value set in {@code database.properties} or in the JDBC URL wins. The
 * pool also checks a connection before lending it (at most once per {@code validationInterval}),
 * so the connections an outage broke are replaced, not lent out again.
 */
public final class DatabaseTimeouts {
    public static final int POOL_WAIT_SECONDS = 2;
    public static final int STATEMENT_SECONDS = 8;
    public static final int CONNECT_SECONDS = 3;
    public static final int LOGIN_SECONDS = 5;
    public static final int SOCKET_SECONDS = 10;

    private static final Duration DROPWIZARD_POOL_WAIT = new DataSourceFactory().getMaxWaitForConnection();

    private DatabaseTimeouts() {
    }

    /** Sets the defaults above on a data source not built yet; what the configuration says is kept. */
    public static void applyTo(DataSourceFactory database) {
        if (database.getMaxWaitForConnection().equals(DROPWIZARD_POOL_WAIT)) {
            database.setMaxWaitForConnection(Duration.seconds(POOL_WAIT_SECONDS));
        }
        // A connection broken by an outage is found on its next use, not handed out again for a while.
        database.setCheckConnectionOnBorrow(true);
        if (database.getValidationQueryTimeout().isEmpty()) {
            database.setValidationQueryTimeout(Duration.seconds(POOL_WAIT_SECONDS));
        }
        if (database.getUrl() != null && database.getUrl().startsWith("jdbc:postgresql:")) {
            Map<String, String> properties = new LinkedHashMap<>(database.getProperties());
            properties.putIfAbsent("connectTimeout", Integer.toString(CONNECT_SECONDS));
            properties.putIfAbsent("loginTimeout", Integer.toString(LOGIN_SECONDS));
            properties.putIfAbsent("socketTimeout", Integer.toString(SOCKET_SECONDS));
            properties.putIfAbsent("options", "-c statement_timeout=" + STATEMENT_SECONDS * 1000);
            database.setProperties(properties);
        }
    }

    /** Every statement JDBI runs gives up after {@value #STATEMENT_SECONDS} s. */
    public static void applyTo(Jdbi jdbi) {
        jdbi.getConfig(SqlStatements.class).setQueryTimeout(STATEMENT_SECONDS);
    }
}
