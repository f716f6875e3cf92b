package io.queueautoscaler.sim;

import io.queueautoscaler.lease.LeaseView;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

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

    @Override
    public Set<String> leasedInstances(String autoScalingGroupName) {
        Set<String> leased = new HashSet<>();
        if (!fleet.groupName().equals(autoScalingGroupName)) {
            return leased;
        }
        BitSet alive = cluster.alive();
        for (int i = alive.nextSetBit(0); i >= 0; i = alive.nextSetBit(i + 1)) {
            if (cluster.busy(i) > 0) {
                leased.add(SimFleet.instanceId(i));
            }
        }
        return leased;
    }
}
