package io.queueautoscaler.lease;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Leases in the decisions' database (H2 file on the embedded default, PostgreSQL in production). */
public final class JdbiLeaseStore implements LeaseStore {
    private final Jdbi jdbi;

    public JdbiLeaseStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(Lease lease, LeaseEvent taken) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM leases WHERE instance_id = :id").bind("id", lease.instanceId()).execute();
            h.createUpdate("INSERT INTO leases (instance_id, group_name, taken_at, expires_at) "
                            + "VALUES (:id, :group, :takenAt, :expiresAt)")
                    .bind("id", lease.instanceId())
                    .bind("group", lease.autoScalingGroupName())
                    .bind("takenAt", time(lease.takenAt()))
                    .bind("expiresAt", time(lease.expiresAt()))
                    .execute();
            insertEvents(h, List.of(taken));
        });
    }

    @Override
    public void delete(Collection<Lease> leases, Collection<LeaseEvent> events) {
        if (leases.isEmpty() && events.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            if (!leases.isEmpty()) {
                PreparedBatch batch = h.prepareBatch("DELETE FROM leases WHERE instance_id = :id AND taken_at = :takenAt");
                leases.forEach(l -> batch.bind("id", l.instanceId()).bind("takenAt", time(l.takenAt())).add());
                batch.execute();
            }
            insertEvents(h, events);
        });
    }

    @Override
    public void updateExpiries(Collection<Lease> leases) {
        if (leases.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch(
                    "UPDATE leases SET expires_at = :expiresAt WHERE instance_id = :id AND taken_at = :takenAt");
            leases.forEach(l -> batch.bind("expiresAt", time(l.expiresAt())).bind("id", l.instanceId())
                    .bind("takenAt", time(l.takenAt())).add());
            batch.execute();
        });
    }

    @Override
    public List<Lease> leases() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT instance_id, group_name, taken_at, expires_at FROM leases ORDER BY instance_id")
                .map((rs, ctx) -> new Lease(rs.getString("instance_id"), rs.getString("group_name"),
                        instant(rs, "taken_at"), instant(rs, "expires_at"), false))
                .list());
    }

    @Override
    public Map<String, String> protectedInstances() {
        Map<String, String> found = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT instance_id, group_name FROM protected_instances ORDER BY instance_id")
                .map((rs, ctx) -> Map.entry(rs.getString("instance_id"), rs.getString("group_name")))
                .forEach(e -> found.put(e.getKey(), e.getValue())));
        return found;
    }

    @Override
    public void addProtected(String autoScalingGroupName, Collection<String> instanceIds, Instant since) {
        if (instanceIds.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            PreparedBatch delete = h.prepareBatch("DELETE FROM protected_instances WHERE instance_id = :id");
            instanceIds.forEach(id -> delete.bind("id", id).add());
            delete.execute();
            PreparedBatch insert = h.prepareBatch(
                    "INSERT INTO protected_instances (instance_id, group_name, since) VALUES (:id, :group, :since)");
            instanceIds.forEach(id -> insert.bind("id", id).bind("group", autoScalingGroupName).bind("since", time(since)).add());
            insert.execute();
        });
    }

    @Override
    public void removeProtected(Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            PreparedBatch delete = h.prepareBatch("DELETE FROM protected_instances WHERE instance_id = :id");
            instanceIds.forEach(id -> delete.bind("id", id).add());
            delete.execute();
        });
    }

    @Override
    public void record(Collection<LeaseEvent> events) {
        if (!events.isEmpty()) {
            jdbi.useTransaction(h -> insertEvents(h, events));
        }
    }

    @Override
    public int deleteEventsBefore(Instant cutoff) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM lease_events WHERE at < :cutoff")
                .bind("cutoff", time(cutoff)).execute());
    }

    private static void insertEvents(Handle h, Collection<LeaseEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO lease_events (at, instance_id, group_name, event, detail) "
                + "VALUES (:at, :id, :group, :event, :detail)");
        events.forEach(e -> batch.bind("at", time(e.at())).bind("id", e.instanceId()).bind("group", e.autoScalingGroupName())
                .bind("event", e.type().name()).bind("detail", abbreviate(e.detail())).add());
        batch.execute();
    }

    private static String abbreviate(String detail) {
        return detail.length() <= 1000 ? detail : detail.substring(0, 997) + "...";
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
