package io.queueautoscaler.lease;

/**
 * Where lifecycle-hook draining meets the leases. An instance held in {@code Terminating:Wait}
 * takes no new lease, while the holders it has keep renewing until their work is done; the drain
 * completes the lifecycle action once none is left. Both answers come from the store, so any node
 * of a cluster may drain.
 */
public interface DrainingInstances {

    /** From now on a new lease on the instance is refused (409, "draining") and its leases say {@code draining: true}. */
    void markDraining(String instanceId);

    /** Whether any holder's lease on the instance is live now. */
    boolean hasLiveHolders(String instanceId);
}
