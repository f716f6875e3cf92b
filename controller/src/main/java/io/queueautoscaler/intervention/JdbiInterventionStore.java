package io.queueautoscaler.intervention;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** Pauses and overrides in a JDBC database (H2 file on the embedded default, PostgreSQL in production). */
public final class JdbiInterventionStore implements InterventionStore {
    private static final String IN_FORCE = "ended_at IS NULL AND set_at <= :now AND (lapses_at IS NULL OR lapses_at > :now)";

    private final Jdbi jdbi;

    public JdbiInterventionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void start(String policy, Intervention i) {
        jdbi.useTransaction(h -> {
            endOpen(h, policy, i.kind(), i.by(), i.since());
            h.createUpdate("INSERT INTO interventions (policy, kind, desired_capacity, reason, set_by, set_from, set_at, lapses_at) "
                            + "VALUES (:policy, :kind, :desired, :reason, :by, :from, :since, :until)")
                    .bind("policy", policy)
                    .bind("kind", i.kind().name())
                    .bind("desired", i.desiredCapacity().isPresent() ? i.desiredCapacity().getAsInt() : null)
                    .bind("reason", i.reason().orElse(null))
                    .bind("by", i.by())
                    .bind("from", i.from())
                    .bind("since", utc(i.since()))
                    .bindByType("until", i.until().map(JdbiInterventionStore::utc).orElse(null), OffsetDateTime.class)
                    .execute();
        });
    }

    @Override
    public boolean end(String policy, Intervention.Kind kind, String by, Instant at) {
        return jdbi.inTransaction(h -> {
            boolean inForce = h.createQuery("SELECT COUNT(*) FROM interventions WHERE policy = :policy AND kind = :kind AND " + IN_FORCE)
                    .bind("policy", policy).bind("kind", kind.name()).bind("now", utc(at))
                    .mapTo(Long.class).one() > 0;
            endOpen(h, policy, kind, by, at);
            return inForce;
        });
    }

    /** Closes every open row of that kind, lapsed ones included, so that at most one is ever open. */
    private static void endOpen(Handle h, String policy, Intervention.Kind kind, String by, Instant at) {
        h.createUpdate("UPDATE interventions SET ended_by = :by, ended_at = :at "
                        + "WHERE policy = :policy AND kind = :kind AND ended_at IS NULL")
                .bind("by", by).bind("at", utc(at)).bind("policy", policy).bind("kind", kind.name())
                .execute();
    }

    @Override
    public PolicyHold hold(String policy, Instant now) {
        return holds(Optional.of(policy), now).getOrDefault(policy, PolicyHold.NONE);
    }

    @Override
    public Map<String, PolicyHold> holds(Instant now) {
        return holds(Optional.empty(), now);
    }

    private Map<String, PolicyHold> holds(Optional<String> policy, Instant now) {
        List<Map.Entry<String, Intervention>> rows = jdbi.withHandle(h -> {
            Query query = h.createQuery("SELECT * FROM interventions WHERE " + IN_FORCE
                    + policy.map(p -> " AND policy = :policy").orElse("") + " ORDER BY id").bind("now", utc(now));
            policy.ifPresent(p -> query.bind("policy", p));
            return query.map((rs, ctx) -> Map.entry(rs.getString("policy"), read(rs))).list();
        });
        Map<String, PolicyHold> holds = new LinkedHashMap<>();
        for (Map.Entry<String, Intervention> row : rows) {
            PolicyHold before = holds.getOrDefault(row.getKey(), PolicyHold.NONE);
            Intervention i = row.getValue();
            holds.put(row.getKey(), i.kind() == Intervention.Kind.PAUSE
                    ? new PolicyHold(Optional.of(i), before.override())
                    : new PolicyHold(before.pause(), Optional.of(i)));
        }
        return holds;
    }

    private static Intervention read(ResultSet rs) throws SQLException {
        int held = rs.getInt("desired_capacity");
        OptionalInt desired = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(held);
        return new Intervention(
                Intervention.Kind.valueOf(rs.getString("kind")),
                desired,
                Optional.ofNullable(rs.getString("reason")),
                Optional.ofNullable(rs.getObject("lapses_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                rs.getString("set_by"),
                rs.getString("set_from"),
                rs.getObject("set_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
