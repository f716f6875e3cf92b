package io.queueautoscaler.fleet;

import java.util.Optional;

/** Which Auto Scaling group holds an instance, for an instance found in none of the managed groups. */
public interface InstanceGroups {

    /**
     * The name of the group that holds the instance; empty when no group does.
     *
     * @throws FleetException when the question cannot be answered
     */
    Optional<String> groupOf(String instanceId);
}
