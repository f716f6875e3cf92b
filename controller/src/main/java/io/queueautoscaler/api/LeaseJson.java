package io.queueautoscaler.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.queueautoscaler.lease.Lease;

/** A lease on the wire: {@code protected} is true once AWS accepted the instance's scale-in protection. */
public record LeaseJson(String instanceId, String autoScalingGroupName, String expiresAt,
                        @JsonProperty("protected") boolean protectedFromScaleIn) {

    public static LeaseJson of(Lease lease) {
        return new LeaseJson(lease.instanceId(), lease.autoScalingGroupName(), lease.expiresAt().toString(),
                lease.protectedFromScaleIn());
    }
}
