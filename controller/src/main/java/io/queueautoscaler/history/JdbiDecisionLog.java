package io.queueautoscaler.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.recommend.Stage;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** The decision history in a JDBC database (H2 file on the embedded default, PostgreSQL in production). */
public final class JdbiDecisionLog implements DecisionLog {
    private static final TypeReference<DecisionInputs> INPUTS = new TypeReference<>() {
    };
    private static final TypeReference<List<Stage>> STAGES = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, policy, decided_at, current_capacity, recommended_capacity, "
            + "desired_capacity, action, outcome, reason, message, dry_run, inputs, stages";

    static final int MESSAGE_LENGTH = 4000;

    private final Jdbi jdbi;
    private final ObjectMapper json;

    public JdbiDecisionLog(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    @Override
    public Decision append(Decision d) {
        long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO decisions (policy, decided_at, current_capacity, "
                        + "recommended_capacity, desired_capacity, action, outcome, reason, message, dry_run, inputs, stages) "
                        + "VALUES (:policy, :time, :current, :recommended, :desired, :action, :outcome, :reason, "
                        + ":message, :dryRun, :inputs, :stages)")
                .bind("policy", d.policy())
                .bind("time", OffsetDateTime.ofInstant(d.time(), ZoneOffset.UTC))
                .bind("current", d.currentCapacity())
                .bind("recommended", d.recommendedCapacity())
                .bind("desired", d.desiredCapacity())
                .bind("action", d.actionName())
                .bind("outcome", d.outcome().name())
                .bind("reason", d.reason().name())
                .bind("message", abbreviate(d.message()))
                .bind("dryRun", d.dryRun())
                .bind("inputs", write(d.inputs()))
                .bind("stages", write(d.stages()))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
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
        sql.append(" ORDER BY id DESC LIMIT :limit");
        List<Decision> rows = jdbi.withHandle(h -> {
            Query query = h.createQuery(sql.toString()).bind("limit", q.limit() + 1);
            q.policy().ifPresent(p -> query.bind("policy", p));
            q.since().ifPresent(s -> query.bind("since", OffsetDateTime.ofInstant(s, ZoneOffset.UTC)));
            q.until().ifPresent(u -> query.bind("until", OffsetDateTime.ofInstant(u, ZoneOffset.UTC)));
            q.beforeId().ifPresent(b -> query.bind("before", b));
            return query.map((rs, ctx) -> read(rs)).list();
        });
        if (rows.size() > q.limit()) {
            List<Decision> page = new ArrayList<>(rows.subList(0, q.limit()));
            return new DecisionPage(page, Optional.of(page.get(page.size() - 1).id()));
        }
        return new DecisionPage(rows, Optional.empty());
    }

    /**
     * The message column holds {@value #MESSAGE_LENGTH} characters. Failure messages carry AWS's
     * own text and can run longer; cutting them keeps the decision (its inputs keep the whole
     * error), where a too-long insert would lose it.
     */
    static String abbreviate(String message) {
        return message.length() <= MESSAGE_LENGTH ? message : message.substring(0, MESSAGE_LENGTH - 1) + "…";
    }

    /** Deletes decisions older than {@code cutoff}; returns how many. */
    public int deleteBefore(Instant cutoff) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM decisions WHERE decided_at < :cutoff")
                .bind("cutoff", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                .execute());
    }

    private Decision read(ResultSet rs) throws SQLException {
        return new Decision(
                rs.getLong("id"),
                rs.getString("policy"),
                rs.getObject("decided_at", OffsetDateTime.class).toInstant(),
                rs.getInt("current_capacity"),
                rs.getInt("recommended_capacity"),
                rs.getInt("desired_capacity"),
                Decision.actionOf(rs.getString("action")),
                Outcome.valueOf(rs.getString("outcome")),
                Reason.valueOf(rs.getString("reason")),
                rs.getString("message"),
                rs.getBoolean("dry_run"),
                parse(rs.getString("inputs"), INPUTS),
                parse(rs.getString("stages"), STAGES));
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
