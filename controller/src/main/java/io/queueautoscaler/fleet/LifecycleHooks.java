package io.queueautoscaler.fleet;

import java.util.Optional;

/**
 * Termination lifecycle hooks: how the daemon keeps a terminating instance waiting while its
 * workers finish, and lets it go.
 */
public interface LifecycleHooks {

    /**
     * The group's hook of that name; empty when the group has no such hook.
     *
     * @throws FleetException when the hooks cannot be described
     */
    Optional<LifecycleHook> describe(String groupName, String hookName);

    /**
     * Restarts the heartbeat timeout of the instance's wait.
     *
     * @throws FleetException when the call fails, {@link NoLifecycleActionException} when the
     *                        instance no longer waits on the hook
     */
    void heartbeat(LifecycleHook hook, String instanceId);

    /**
     * Ends the instance's wait with CONTINUE: the termination proceeds.
     *
     * @throws FleetException when the call fails, {@link NoLifecycleActionException} when the
     *                        instance no longer waits on the hook
     */
    void complete(LifecycleHook hook, String instanceId);
}
