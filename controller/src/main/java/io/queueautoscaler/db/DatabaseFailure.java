package io.queueautoscaler.db;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;

/**
 * What a failed database call means, in words fit for a client: JDBI's and the driver's own
 * messages quote the statement and its arguments, which belong in the daemon's log only.
 */
public enum DatabaseFailure {
    /** The database cannot be reached or did not answer in time: retrying later can succeed. */
    UNAVAILABLE("the database did not answer in time or cannot be reached"),
    /** The database answered with an error. */
    FAILED("the database refused the request");

    private final String words;

    DatabaseFailure(String words) {
        this.words = words;
    }

    /** A plain sentence with no SQL, no arguments and no driver text. */
    public String words() {
        return words;
    }

    /** The failure of the database that {@code e} stems from, if it stems from one. */
    public static Optional<DatabaseFailure> of(Throwable e) {
        boolean database = false;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (unavailable(cause)) {
                return Optional.of(UNAVAILABLE);
            }
            database |= cause instanceof JdbiException || cause instanceof SQLException;
        }
        return database ? Optional.of(FAILED) : Optional.empty();
    }

    /** Words for a client about {@code e}: the plain sentence when it stems from the database, else its own message. */
    public static String describe(Throwable e) {
        return of(e).map(DatabaseFailure::words).orElseGet(() -> String.valueOf(e.getMessage()));
    }

    /** Whether {@code e} stems from a database that could not be reached or did not answer in time. */
    public static boolean isUnavailable(Throwable e) {
        return of(e).filter(f -> f == UNAVAILABLE).isPresent();
    }

    private static boolean unavailable(Throwable cause) {
        if (cause instanceof ConnectionException || cause instanceof SQLTransientConnectionException
                || cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException
                || cause instanceof SQLTimeoutException || cause instanceof SocketTimeoutException
                || cause instanceof ConnectException || cause instanceof SocketException) {
            return true;
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            // 08: connection exception; 57014: statement cancelled (the timeout); 57P0x: server shutting down.
            String state = sql.getSQLState();
            return state.startsWith("08") || state.equals("57014") || state.startsWith("57P0");
        }
        // The pool's "Timeout: Pool empty" is a plain SQLException without a state.
        return cause.getClass().getName().equals("org.apache.tomcat.jdbc.pool.PoolExhaustedException");
    }
}
