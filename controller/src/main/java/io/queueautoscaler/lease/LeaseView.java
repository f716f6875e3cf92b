package io.queueautoscaler.lease;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** The live protection leases of a group: instance ID to expiry. */
public interface LeaseView {
    LeaseView NONE = group -> Map.of();

    Map<String, Instant> liveLeases(String autoScalingGroupName);

    default Set<String> leasedInstances(String autoScalingGroupName) {
        return liveLeases(autoScalingGroupName).keySet();
    }
}
