package io.queueautoscaler.lease;

import java.time.Instant;
import java.util.Objects;

/** A holder's lease as granted to its worker (taken or renewed), with what the worker should know about its instance. */
public record LeaseGrant(String instanceId, String autoScalingGroupName, String holder, Instant expiresAt,
                         boolean protectedFromScaleIn, boolean draining) {
    public LeaseGrant {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(autoScalingGroupName, "autoScalingGroupName");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
