package io.queueautoscaler.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One instance of a policy's group: lifecycle, scale-in protection, and its lease's expiry if leased. */
public record InstanceJson(String instanceId, String lifecycleState, @JsonProperty("protected") boolean protectedFromScaleIn,
                           String leaseExpiresAt) {
}
