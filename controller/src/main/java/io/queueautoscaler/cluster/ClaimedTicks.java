package io.queueautoscaler.cluster;

import io.queueautoscaler.schedule.PolicyEvaluator;
import io.queueautoscaler.schedule.Tick;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a tick only on a node that runs the cluster's version of the policy and has claimed
 * the tick. Quartz fires each tick on one node; the claim covers what Quartz does not: a tick
 * fired again after a failover, or by a node that lost its lock, is skipped instead of acted on
 * twice. When the claim cannot be made (database down) the tick is skipped: a missed tick is
 * safe, a doubled scale-out is not.
 */
public final class ClaimedTicks implements PolicyEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimedTicks.class);

    private final TickClaims claims;
    private final ClusterPolicies policies;
    private final Consumer<String> evaluate;

    public ClaimedTicks(TickClaims claims, ClusterPolicies policies, Consumer<String> evaluate) {
        this.claims = claims;
        this.policies = policies;
        this.evaluate = evaluate;
    }

    @Override
    public void evaluate(Tick tick) {
        if (!policies.agrees(tick.policy())) {
            LOG.debug("policy {}: tick {} left to the nodes that run the cluster's version", tick.policy(), tick.scheduledAt());
            return;
        }
        boolean claimed;
        try {
            claimed = claims.claim(tick.policy(), tick.scheduledAt());
        } catch (RuntimeException e) {
            LOG.warn("policy {}: tick {} skipped, it cannot be claimed: {}", tick.policy(), tick.scheduledAt(), e.toString());
            return;
        }
        if (!claimed) {
            LOG.info("policy {}: tick {} was already claimed by another node; not acting on it twice",
                    tick.policy(), tick.scheduledAt());
            return;
        }
        evaluate.accept(tick.policy());
    }
}
