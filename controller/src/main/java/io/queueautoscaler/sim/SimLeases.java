package io.queueautoscaler.sim;

import io.queueautoscaler.lease.LeaseView;
import java.util.BitSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Leases as the worker protocol produces them: a worker holds a protection lease while it serves
 * at least one message and releases it when idle, so the leased instances are the busy ones.
 */
final class SimLeases implements LeaseView {
    private final SimFleet fleet;
    private final Cluster cluster;

    SimLeases(SimFleet fleet, Cluster cluster) {
        this.fleet = fleet;
        this.cluster = cluster;
    }

    /** Simulated workers renew for as long as they are busy, so their leases never run out. */
    @Override
    public Map<String, Instant> liveLeases(String autoScalingGroupName) {
        Map<String, Instant> leased = new HashMap<>();
        if (!fleet.groupName().equals(autoScalingGroupName)) {
            return leased;
        }
        BitSet alive = cluster.alive();
        for (int i = alive.nextSetBit(0); i >= 0; i = alive.nextSetBit(i + 1)) {
            if (cluster.busy(i) > 0) {
                leased.put(SimFleet.instanceId(i), Instant.MAX);
            }
        }
        return leased;
    }
}
