package io.queueautoscaler.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.recommend.PolicyMemory;
import io.queueautoscaler.reconcile.PolicyMemories;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy memories in the database, one row per policy: whichever node evaluates a tick reads the
 * memory the previous tick left, on this node or another, and writes the next. A node that takes a
 * policy over (failover, a rolling deploy, Quartz handing the ticks around) therefore stabilizes
 * and rate-limits with the whole cluster's recent recommendations and scale events, not only
 * those it made itself. Each tick is claimed by one node (see {@link ClaimedTicks}), so one
 * policy's row has one writer at a time.
 */
public final class JdbiPolicyMemories implements PolicyMemories {
    private static final Logger LOG = LoggerFactory.getLogger(JdbiPolicyMemories.class);

    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final String node;
    private final Clock clock;

    public JdbiPolicyMemories(Jdbi jdbi, ObjectMapper json, String node, Clock clock) {
        this.jdbi = jdbi;
        this.json = json;
        this.node = node;
        this.clock = clock;
    }

    /** Throws when the database cannot answer: the evaluation then fails and holds capacity, it never starts blind. */
    @Override
    public PolicyMemory recall(ScalingPolicy policy) {
        String fingerprint = PolicyFingerprint.of(policy);
        return jdbi.withHandle(h -> h.createQuery("SELECT fingerprint, memory FROM policy_memories WHERE policy = :policy")
                        .bind("policy", policy.name())
                        .map((rs, ctx) -> fingerprint.equals(rs.getString("fingerprint"))
                                ? read(policy.name(), rs.getString("memory")) : PolicyMemory.EMPTY)
                        .findOne())
                .orElse(PolicyMemory.EMPTY);
    }

    @Override
    public void keep(ScalingPolicy policy, PolicyMemory memory) {
        String fingerprint = PolicyFingerprint.of(policy);
        String text = write(memory);
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbi.useHandle(h -> {
            if (update(h, policy.name(), fingerprint, text, now) == 1) {
                return;
            }
            try {
                h.createUpdate("INSERT INTO policy_memories (policy, fingerprint, memory, node, kept_at) "
                                + "VALUES (:policy, :fingerprint, :memory, :node, :now)")
                        .bind("policy", policy.name()).bind("fingerprint", fingerprint).bind("memory", text)
                        .bind("node", node).bind("now", now)
                        .execute();
            } catch (UnableToExecuteStatementException e) {
                if (!JdbiTickClaims.isUniqueViolation(e)) {
                    throw e;
                }
                update(h, policy.name(), fingerprint, text, now); // another node wrote the first row meanwhile
            }
        });
    }

    /** Called with the policies of the node that publishes its set as the cluster's (see {@link ClusterPolicies#publish}). */
    @Override
    public void retain(Set<String> policyNames) {
        jdbi.useHandle(h -> {
            List<String> stored = h.createQuery("SELECT policy FROM policy_memories").mapTo(String.class).list();
            List<String> gone = stored.stream().filter(name -> !policyNames.contains(name)).toList();
            if (!gone.isEmpty()) {
                h.createUpdate("DELETE FROM policy_memories WHERE policy IN (<gone>)").bindList("gone", gone).execute();
            }
        });
    }

    private int update(Handle h, String policy, String fingerprint, String memory, OffsetDateTime now) {
        return h.createUpdate("UPDATE policy_memories SET fingerprint = :fingerprint, memory = :memory, node = :node, "
                        + "kept_at = :now WHERE policy = :policy")
                .bind("policy", policy).bind("fingerprint", fingerprint).bind("memory", memory)
                .bind("node", node).bind("now", now)
                .execute();
    }

    /**
     * A memory this version cannot read (written by another version of the daemon during a rolling
     * deploy) is started afresh, as a changed spec is; the next write replaces it.
     */
    private PolicyMemory read(String policy, String text) {
        try {
            return json.readValue(text, PolicyMemory.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warn("policy {}: the remembered stabilization window and scale events cannot be read ({}); "
                    + "starting afresh as after a spec change", policy, e.getMessage());
            return PolicyMemory.EMPTY;
        }
    }

    private String write(PolicyMemory memory) {
        try {
            return json.writeValueAsString(memory);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize the memory of a policy", e);
        }
    }
}
