package io.queueautoscaler.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.queueautoscaler.lease.Lease;

/**
 * A lease on the wire: {@code protected} is true once AWS accepted the instance's scale-in
 * protection; {@code draining} says the instance is held in Terminating:Wait until its leases end,
 * so its worker should take no new work.
 */
public record LeaseJson(String instanceId, String autoScalingGroupName, String expiresAt,
                        @JsonProperty("protected") boolean protectedFromScaleIn, boolean draining) {

    public static LeaseJson of(Lease lease, boolean draining) {
        return new LeaseJson(lease.instanceId(), lease.autoScalingGroupName(), lease.expiresAt().toString(),
                lease.protectedFromScaleIn(), draining);
    }
}
