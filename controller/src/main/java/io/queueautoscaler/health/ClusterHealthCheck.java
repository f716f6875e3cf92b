package io.queueautoscaler.health;

import com.codahale.metrics.health.HealthCheck;
import io.queueautoscaler.cluster.ClusterPolicies;
import java.util.Collection;

/**
 * Unhealthy while this node's policy files differ from the cluster's: it then leaves those
 * policies' ticks to the nodes that run the cluster's version, and says which files to align.
 */
public final class ClusterHealthCheck extends HealthCheck {
    private final ClusterPolicies policies;
    private final String node;

    public ClusterHealthCheck(ClusterPolicies policies, String node) {
        this.policies = policies;
        this.node = node;
    }

    @Override
    protected Result check() {
        Collection<ClusterPolicies.Disagreement> differ = policies.disagreements();
        if (differ.isEmpty()) {
            return Result.healthy("node %s runs the cluster's policies", node);
        }
        return Result.unhealthy("node %s leaves %d policies to the other nodes, its files differ from the cluster's "
                        + "(deploy the same policy files to every node): %s", node, differ.size(),
                differ.stream().map(ClusterPolicies.Disagreement::describe).toList());
    }
}
