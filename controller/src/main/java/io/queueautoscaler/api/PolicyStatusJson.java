package io.queueautoscaler.api;

import java.util.List;

/**
 * What a policy is doing: its group's capacity as last described (null when the group cannot
 * be described), its last decision, conditions in the Kubernetes HPA's style, and the operators'
 * pause and override in force (null when none).
 */
public record PolicyStatusJson(CapacityJson capacity, DecisionJson lastDecision, List<ConditionJson> conditions,
                               InterventionJson paused, InterventionJson override) {

    /** The group's bounds and sizes; {@code protectedInstances} counts scale-in protected ones. */
    public record CapacityJson(int minSize, int maxSize, int desired, long inService, long booting,
                               long protectedInstances, int leases) {
    }

    /** type: AbleToScale | ScalingActive | ScalingLimited; status: True | False | Unknown. */
    public record ConditionJson(String type, String status, String reason, String message) {
    }
}
