package io.queueautoscaler.fleet;

import java.util.Objects;

/**
 * One instance of a group, with its Auto Scaling lifecycle state (Pending, InService,
 * Terminating, ...) and whether it is protected from scale-in.
 */
public record FleetInstance(String instanceId, String lifecycleState, boolean protectedFromScaleIn) {
    public FleetInstance {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(lifecycleState, "lifecycleState");
    }

    public boolean inService() {
        return lifecycleState.equals("InService");
    }

    public boolean booting() {
        return lifecycleState.startsWith("Pending");
    }
}
