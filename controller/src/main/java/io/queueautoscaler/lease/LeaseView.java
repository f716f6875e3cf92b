package io.queueautoscaler.lease;

import io.queueautoscaler.recommend.LeasedTasks;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** The live protection leases of a group: instance ID to expiry. */
public interface LeaseView {
    Map<String, Instant> liveLeases(String autoScalingGroupName);

    default Set<String> leasedInstances(String autoScalingGroupName) {
        return liveLeases(autoScalingGroupName).keySet();
    }

    /**
     * The group's leases released since the last call, how many and how long they were held: the
     * tasks its workers finished, where they lease per task. Each release is handed out once.
     */
    default LeasedTasks takeReleasedTasks(String autoScalingGroupName) {
        return LeasedTasks.NONE;
    }

    /**
     * Claims an instance for termination: true when it holds no live lease, and from then on a
     * worker asking for a lease on it is refused. Terminating an instance bypasses scale-in
     * protection, so the check and the claim must be one step: a lease taken between a snapshot
     * and the terminate call would otherwise lose its worker's task.
     */
    default boolean claimForScaleIn(String instanceId) {
        return true;
    }

    /** Gives back a claim whose termination failed: the instance stays in service and may be leased again. */
    default void releaseClaim(String instanceId) {
    }
}
