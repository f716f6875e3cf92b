package io.queueautoscaler.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.recommend.Stage;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** The decision history in a JDBC database (H2 file on the embedded default, PostgreSQL in production). */
public final class JdbiDecisionLog implements DecisionLog {
    private static final TypeReference<DecisionInputs> INPUTS = new TypeReference<>() {
    };
    private static final TypeReference<List<Stage>> STAGES = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, policy, decided_at, current_capacity, recommended_capacity, "
            + "desired_capacity, action, outcome, reason, message, dry_run, inputs, stages, node, repeated, repeated_until";

    static final int MESSAGE_LENGTH = 4000;

    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final String node;

    /** @param node the daemon whose decisions this log records, stored with each of them */
    public JdbiDecisionLog(Jdbi jdbi, ObjectMapper json, String node) {
        this.jdbi = jdbi;
        this.json = json;
        this.node = node;
    }

    /**
     * Stores the decision, or folds it into the policy's latest record when it repeats it (see
     * {@link Decision#repeatedBy}): idle policies then cost one row per run, not one per tick.
     * Only one node evaluates a policy at a time (each tick is claimed), so the latest record
     * cannot change between the read and the update.
     */
    @Override
    public Decision append(Decision decision) {
        return appendAll(List.of(decision)).get(0);
    }

    /**
     * Stores the decisions in order in one transaction, each folded as {@link #append} does; a
     * decision may itself be a run of repeated ones (folded before it reached the store). The
     * latest record of a policy this batch already wrote is not read again.
     */
    @Override
    public List<Decision> appendAll(List<Decision> decisions) {
        return jdbi.inTransaction(h -> {
            Map<String, Decision> latest = new HashMap<>();
            List<Decision> stored = new ArrayList<>(decisions.size());
            for (Decision decision : decisions) {
                Decision d = store(h, decision.madeBy(node), latest);
                latest.put(d.policy(), d);
                stored.add(d);
            }
            return stored;
        });
    }

    private Decision store(Handle h, Decision d, Map<String, Decision> latest) {
        if (d.outcome() == Outcome.UNCHANGED) {
            Optional<Decision> last = latest.containsKey(d.policy()) ? Optional.of(latest.get(d.policy()))
                    : h.createQuery("SELECT " + COLUMNS + " FROM decisions WHERE policy = :policy ORDER BY id DESC LIMIT 1")
                            .bind("policy", d.policy())
                            .map((rs, ctx) -> read(rs))
                            .findOne();
            if (last.isPresent() && last.get().repeatedBy(d)) {
                h.createUpdate("UPDATE decisions SET repeated = repeated + :count, repeated_until = :time, "
                                + "node = :node WHERE id = :id")
                        .bind("count", d.repeated())
                        .bind("time", OffsetDateTime.ofInstant(d.lastTime(), ZoneOffset.UTC))
                        .bind("node", node)
                        .bind("id", last.get().id())
                        .execute();
                return last.get().foldIn(d);
            }
        }
        long id = h.createUpdate("INSERT INTO decisions (policy, decided_at, current_capacity, "
                        + "recommended_capacity, desired_capacity, action, outcome, reason, message, dry_run, inputs, stages, "
                        + "node, repeated, repeated_until) VALUES (:policy, :time, :current, :recommended, :desired, :action, "
                        + ":outcome, :reason, :message, :dryRun, :inputs, :stages, :node, :repeated, :until)")
                .bind("node", node)
                .bind("policy", d.policy())
                .bind("time", OffsetDateTime.ofInstant(d.time(), ZoneOffset.UTC))
                .bind("current", Decision.orNull(d.currentCapacity()))
                .bind("recommended", Decision.orNull(d.recommendedCapacity()))
                .bind("desired", Decision.orNull(d.desiredCapacity()))
                .bind("action", d.actionName())
                .bind("outcome", d.outcome().name())
                .bind("reason", d.reason().name())
                .bind("message", abbreviate(d.message()))
                .bind("dryRun", d.dryRun())
                .bind("inputs", write(d.inputs()))
                .bind("stages", write(d.stages()))
                .bind("repeated", d.repeated())
                .bindByType("until", d.until().map(t -> OffsetDateTime.ofInstant(t, ZoneOffset.UTC)).orElse(null),
                        OffsetDateTime.class)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        return d.withId(id);
    }

    @Override
    public Optional<Decision> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM decisions WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> read(rs))
                .findOne());
    }

    @Override
    public DecisionPage list(DecisionQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM decisions WHERE 1 = 1");
        q.policy().ifPresent(p -> sql.append(" AND policy = :policy"));
        q.since().ifPresent(s -> sql.append(" AND decided_at >= :since"));
        q.until().ifPresent(u -> sql.append(" AND decided_at < :until"));
        q.beforeId().ifPresent(b -> sql.append(" AND id < :before"));
        if (!q.actions().isEmpty()) {
            sql.append(" AND action IN (<actions>)");
        }
        if (!q.outcomes().isEmpty()) {
            sql.append(" AND outcome IN (<outcomes>)");
        }
        if (!q.reasons().isEmpty()) {
            sql.append(" AND reason IN (<reasons>)");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        List<Decision> rows = jdbi.withHandle(h -> {
            Query query = h.createQuery(sql.toString()).bind("limit", q.limit() + 1);
            q.policy().ifPresent(p -> query.bind("policy", p));
            q.since().ifPresent(s -> query.bind("since", OffsetDateTime.ofInstant(s, ZoneOffset.UTC)));
            q.until().ifPresent(u -> query.bind("until", OffsetDateTime.ofInstant(u, ZoneOffset.UTC)));
            q.beforeId().ifPresent(b -> query.bind("before", b));
            bindNames(query, "actions", q.actions());
            bindNames(query, "outcomes", q.outcomes());
            bindNames(query, "reasons", q.reasons());
            return query.map((rs, ctx) -> read(rs)).list();
        });
        if (rows.size() > q.limit()) {
            List<Decision> page = new ArrayList<>(rows.subList(0, q.limit()));
            return new DecisionPage(page, Optional.of(page.get(page.size() - 1).id()));
        }
        return new DecisionPage(rows, Optional.empty());
    }

    private static void bindNames(Query query, String name, Set<?> values) {
        if (!values.isEmpty()) {
            query.bindList(name, values.stream().map(Object::toString).sorted().toList());
        }
    }

    /**
     * One query for every policy's latest record, where {@code GET /v1/policies} used to ask once
     * per policy: with a thousand policies the round trips, not the rows, were the cost.
     */
    @Override
    public Map<String, Decision> latest(Collection<String> policies) {
        if (policies.isEmpty()) {
            return Map.of();
        }
        Map<String, Decision> latest = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM decisions WHERE id IN "
                        + "(SELECT MAX(id) FROM decisions WHERE policy IN (<policies>) GROUP BY policy)")
                .bindList("policies", List.copyOf(policies))
                .map((rs, ctx) -> read(rs))
                .forEach(d -> latest.put(d.policy(), d)));
        return latest;
    }

    /**
     * The message column holds {@value #MESSAGE_LENGTH} characters. Failure messages carry AWS's
     * own text and can run longer; cutting them keeps the decision (its inputs keep the whole
     * error), where a too-long insert would lose it.
     */
    static String abbreviate(String message) {
        return message.length() <= MESSAGE_LENGTH ? message : message.substring(0, MESSAGE_LENGTH - 1) + "…";
    }

    /**
     * The decision in force at the end of each {@code step}-long bucket of [since, until) that
     * any decision covers, oldest first: the shape of a long window (a week is 120,000 decisions at
     * 5 s) from a few hundred rows. The buckets are cut here from the ids and times alone, read
     * through the (policy, decided_at) index; only the chosen rows are read whole. Grouping in SQL
     * (GROUP BY an expression of decided_at) made H2 read every row of the policy and took 34 s
     * on a loaded machine.
     */
    public List<SeriesPoint> lastPerBucket(String policy, Instant since, Instant until, Duration step) {
        long stepNanos = step.toNanos();
        int buckets = (int) Math.max(1, (Duration.between(since, until).toNanos() + stepNanos - 1) / stepNanos);
        long[] chosen = new long[buckets];
        Instant[] at = new Instant[buckets];
        return jdbi.withHandle(h -> {
            // A run of repeated decisions that began before the window may still be in force in it.
            List<Span> spans = new ArrayList<>(h.createQuery("SELECT id, decided_at, repeated_until FROM decisions "
                            + "WHERE policy = :policy AND decided_at < :since ORDER BY decided_at DESC, id DESC LIMIT 1")
                    .bind("policy", policy)
                    .bind("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                    .map((rs, ctx) -> Span.read(rs))
                    .filter(span -> !span.end().isBefore(since))
                    .list());
            spans.addAll(h.createQuery("SELECT id, decided_at, repeated_until FROM decisions WHERE policy = :policy "
                            + "AND decided_at >= :since AND decided_at < :until ORDER BY decided_at, id")
                    .bind("policy", policy)
                    .bind("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                    .bind("until", OffsetDateTime.ofInstant(until, ZoneOffset.UTC))
                    .map((rs, ctx) -> Span.read(rs))
                    .list());
            for (Span span : spans) {
                Instant from = span.start().isBefore(since) ? since : span.start();
                Instant to = span.end().isBefore(until) ? span.end() : until.minusNanos(1);
                int first = (int) (Duration.between(since, from).toNanos() / stepNanos);
                int last = (int) Math.min(buckets - 1, Duration.between(since, to).toNanos() / stepNanos);
                for (int b = first; b <= last; b++) {
                    chosen[b] = span.id();
                    at[b] = b == first ? from : since.plusNanos(b * stepNanos);
                }
            }
            List<Long> ids = Arrays.stream(chosen).filter(id -> id != 0).distinct().boxed().toList();
            if (ids.isEmpty()) {
                return List.<SeriesPoint>of();
            }
            Map<Long, Decision> rows = new LinkedHashMap<>();
            h.createQuery("SELECT " + COLUMNS + " FROM decisions WHERE id IN (<ids>)")
                    .bindList("ids", ids)
                    .map((rs, ctx) -> read(rs))
                    .forEach(d -> rows.put(d.id(), d));
            List<SeriesPoint> points = new ArrayList<>();
            for (int b = 0; b < buckets; b++) {
                if (chosen[b] != 0 && rows.containsKey(chosen[b])) {
                    points.add(new SeriesPoint(at[b], rows.get(chosen[b])));
                }
            }
            return points;
        });
    }

    /** A record's id and the time it covers: its decision, or its run of repeated decisions. */
    private record Span(long id, Instant start, Instant end) {
        static Span read(ResultSet rs) throws SQLException {
            Instant start = rs.getObject("decided_at", OffsetDateTime.class).toInstant();
            OffsetDateTime until = rs.getObject("repeated_until", OffsetDateTime.class);
            return new Span(rs.getLong("id"), start, until == null ? start : until.toInstant());
        }
    }

    /** Deletes decisions older than {@code cutoff} (a run by its last decision); returns how many records. */
    public int deleteBefore(Instant cutoff) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM decisions WHERE COALESCE(repeated_until, decided_at) < :cutoff")
                .bind("cutoff", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                .execute());
    }

    private Decision read(ResultSet rs) throws SQLException {
        return new Decision(
                rs.getLong("id"),
                rs.getString("policy"),
                rs.getObject("decided_at", OffsetDateTime.class).toInstant(),
                capacity(rs, "current_capacity"),
                capacity(rs, "recommended_capacity"),
                capacity(rs, "desired_capacity"),
                Decision.actionOf(rs.getString("action")),
                Outcome.valueOf(rs.getString("outcome")),
                Reason.valueOf(rs.getString("reason")),
                rs.getString("message"),
                rs.getBoolean("dry_run"),
                parse(rs.getString("inputs"), INPUTS),
                parse(rs.getString("stages"), STAGES),
                Optional.ofNullable(rs.getString("node")),
                rs.getInt("repeated"),
                Optional.ofNullable(rs.getObject("repeated_until", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
    }

    /** A capacity column: NULL when the decision did not know it. */
    private static OptionalInt capacity(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize decision field", e);
        }
    }

    private <T> T parse(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored decision field is not valid JSON", e);
        }
    }
}
