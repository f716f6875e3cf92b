package io.queueautoscaler.lease;

import java.util.List;
import java.util.Objects;

/**
 * An instance's live leases, one per holder: it is protected from scale-in (once the daemon's
 * call went through, or someone else protected it) while any of them is live, and takes no new
 * holder while it is draining.
 */
public record InstanceLeases(String instanceId, String autoScalingGroupName, boolean protectedFromScaleIn,
                             boolean draining, List<Lease> holders) {
    public InstanceLeases {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(autoScalingGroupName, "autoScalingGroupName");
        holders = List.copyOf(holders);
        if (holders.isEmpty()) {
            throw new IllegalArgumentException("instance " + instanceId + " has no live holder: it has no leases to show");
        }
    }
}
