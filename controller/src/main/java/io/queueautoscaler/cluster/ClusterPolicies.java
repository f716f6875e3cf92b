package io.queueautoscaler.cluster;

import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's version of each policy, kept in the database as a fingerprint per policy. Every
 * node loads the policies from its own directory; the last node to load a changed set (or to
 * start) publishes it. A node whose own policy differs from the cluster's leaves that policy's
 * ticks to the others and says so in its health check, instead of acting on a version the rest
 * of the cluster does not run.
 */
public final class ClusterPolicies {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterPolicies.class);

    /** A policy this node and the cluster disagree on; a null fingerprint means "has no such policy". */
    public record Disagreement(String policy, String local, String cluster, String publishedBy, Instant publishedAt) {
        public String describe() {
            if (local == null) {
                return policy + ": the cluster runs it (published by " + publishedBy + " at " + publishedAt
                        + ") but this node has no such policy";
            }
            if (cluster == null) {
                return policy + ": this node has it but the cluster does not run it";
            }
            return policy + ": this node's file (" + local.substring(0, 12) + ") differs from the cluster's ("
                    + cluster.substring(0, 12) + ", published by " + publishedBy + " at " + publishedAt + ")";
        }
    }

    private record Published(String fingerprint, String node, Instant at) {
    }

    private final Jdbi jdbi;
    private final String node;
    private final Clock clock;
    private volatile Map<String, String> local = Map.of();
    private volatile Map<String, Disagreement> disagreements = Map.of();

    public ClusterPolicies(Jdbi jdbi, String node, Clock clock) {
        this.jdbi = jdbi;
        this.node = node;
        this.clock = clock;
    }

    /** Makes this node's policies the cluster's: called at start and when this node's files change. */
    public void publish(Collection<ScalingPolicy> policies) {
        Map<String, String> fingerprints = new HashMap<>();
        policies.forEach(p -> fingerprints.put(p.name(), PolicyFingerprint.of(p)));
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM cluster_policies").execute();
            var batch = h.prepareBatch("INSERT INTO cluster_policies (policy, fingerprint, node, published_at) "
                    + "VALUES (:policy, :fingerprint, :node, :at)");
            fingerprints.forEach((name, fingerprint) -> batch.bind("policy", name).bind("fingerprint", fingerprint)
                    .bind("node", node).bind("at", now).add());
            if (!fingerprints.isEmpty()) {
                batch.execute();
            }
        });
        local = Map.copyOf(fingerprints);
        disagreements = Map.of();
        LOG.info("published {} policies as the cluster's (node {})", fingerprints.size(), node);
    }

    /** Compares this node's policies with the cluster's; called periodically. Never throws. */
    public void compare() {
        try {
            Map<String, Published> cluster = new HashMap<>();
            jdbi.useHandle(h -> h.createQuery("SELECT policy, fingerprint, node, published_at FROM cluster_policies")
                    .map((rs, ctx) -> Map.entry(rs.getString("policy"), new Published(rs.getString("fingerprint"),
                            rs.getString("node"), rs.getObject("published_at", OffsetDateTime.class).toInstant())))
                    .forEach(e -> cluster.put(e.getKey(), e.getValue())));
            Map<String, Disagreement> found = new TreeMap<>();
            Map<String, String> mine = local;
            for (Map.Entry<String, Published> e : cluster.entrySet()) {
                Published p = e.getValue();
                String own = mine.get(e.getKey());
                if (!p.fingerprint().equals(own)) {
                    found.put(e.getKey(), new Disagreement(e.getKey(), own, p.fingerprint(), p.node(), p.at()));
                }
            }
            mine.keySet().stream().filter(name -> !cluster.containsKey(name))
                    .forEach(name -> found.put(name, new Disagreement(name, mine.get(name), null, null, null)));
            if (!found.keySet().equals(disagreements.keySet()) && !found.isEmpty()) {
                LOG.warn("this node's policies differ from the cluster's; it leaves their ticks to the other nodes: {}",
                        found.values().stream().map(Disagreement::describe).toList());
            }
            disagreements = Map.copyOf(found);
        } catch (RuntimeException e) {
            LOG.warn("cannot compare this node's policies with the cluster's: {}", e.toString());
        }
    }

    /** Whether this node runs the cluster's version of the policy (as of the last comparison). */
    public boolean agrees(String policy) {
        return local.containsKey(policy) && !disagreements.containsKey(policy);
    }

    public Collection<Disagreement> disagreements() {
        return disagreements.values();
    }
}
