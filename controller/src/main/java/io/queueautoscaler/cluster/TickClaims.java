package io.queueautoscaler.cluster;

import java.time.Instant;

/** Who acts on a tick: the first node to claim it. */
public interface TickClaims {

    /**
     * Claims the tick of {@code policy} scheduled at {@code tick} for this node; true when this
     * node may act on it. The claim is durable when this returns: no other node, now or after a
     * failover, can claim the same or an earlier tick of the policy.
     */
    boolean claim(String policy, Instant tick);
}
