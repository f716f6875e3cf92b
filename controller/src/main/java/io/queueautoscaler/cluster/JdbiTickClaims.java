package io.queueautoscaler.cluster;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Tick claims in the database: one row per policy holding the last claimed tick, moved forward
 * by a conditional update. Each statement commits on its own, so a claim is durable before the
 * node acts on it; the table does not grow with time.
 */
public final class JdbiTickClaims implements TickClaims {
    /** SQLSTATE of a unique violation, the same on PostgreSQL and H2. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;
    private final String node;
    private final Clock clock;

    public JdbiTickClaims(Jdbi jdbi, String node, Clock clock) {
        this.jdbi = jdbi;
        this.node = node;
        this.clock = clock;
    }

    @Override
    public boolean claim(String policy, Instant tick) {
        OffsetDateTime at = OffsetDateTime.ofInstant(tick, ZoneOffset.UTC);
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        int moved = jdbi.withHandle(h -> h.createUpdate("UPDATE policy_ticks SET last_tick = :tick, node = :node, "
                        + "claimed_at = :now WHERE policy = :policy AND last_tick < :tick")
                .bind("tick", at).bind("node", node).bind("now", now).bind("policy", policy)
                .execute());
        if (moved == 1) {
            return true;
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO policy_ticks (policy, last_tick, node, claimed_at) "
                            + "VALUES (:policy, :tick, :node, :now)")
                    .bind("tick", at).bind("node", node).bind("now", now).bind("policy", policy)
                    .execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            // The row exists: this tick or a later one is already claimed (the insert lost a race
            // or the update found last_tick >= tick).
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Whether the statement failed because the row it inserts already exists. */
    static boolean isUniqueViolation(UnableToExecuteStatementException e) {
        return e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState());
    }
}
