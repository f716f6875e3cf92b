package io.queueautoscaler.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.queueautoscaler.lease.LeaseGrant;

/**
 * A holder's lease on the wire, as a take or renewal answers it: {@code protected} is true once
 * AWS accepted the instance's scale-in protection; {@code draining} true tells the worker to take
 * no new work on the instance.
 */
public record LeaseJson(String instanceId, String autoScalingGroupName, String holder, String expiresAt,
                        @JsonProperty("protected") boolean protectedFromScaleIn, boolean draining) {

    public static LeaseJson of(LeaseGrant grant) {
        return new LeaseJson(grant.instanceId(), grant.autoScalingGroupName(), grant.holder(),
                grant.expiresAt().toString(), grant.protectedFromScaleIn(), grant.draining());
    }
}
