package io.queueautoscaler.sim;

import io.queueautoscaler.lease.LeaseView;
import io.queueautoscaler.recommend.LeasedTasks;
import java.util.BitSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Leases as the worker client produces them: a worker takes a protection lease when it starts a
 * message and releases it when the message is done, one lease per message. So the leased
 * instances are the busy ones, and every completed message is a released lease held for its
 * service time, handed to the daemon's decision loop once, as {@code Leases} hands out releases.
 */
final class SimLeases implements LeaseView {
    private final SimFleet fleet;
    private final Cluster cluster;
    private long handedOutTasks;
    private double handedOutSeconds;

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

    /** The messages completed since the last call: each one's lease, held from its start to its end. */
    @Override
    public LeasedTasks takeReleasedTasks(String autoScalingGroupName) {
        if (!fleet.groupName().equals(autoScalingGroupName)) {
            return LeasedTasks.NONE;
        }
        long tasks = cluster.processed();
        double seconds = cluster.servedSeconds();
        LeasedTasks released = new LeasedTasks(tasks - handedOutTasks, Math.max(0, seconds - handedOutSeconds));
        handedOutTasks = tasks;
        handedOutSeconds = seconds;
        return released;
    }
}
