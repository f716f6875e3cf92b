package io.queueautoscaler.fleet;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The worker groups: what they hold, and the few ways the daemon changes them. */
public interface Fleet {

    /**
     * The named groups, keyed by name; a group that does not exist is absent from the map.
     *
     * @throws FleetException when the groups cannot be described
     */
    Map<String, GroupState> describe(Collection<String> groupNames);

    /** Sets the group's desired capacity. */
    void setDesiredCapacity(String groupName, int desiredCapacity);

    /** Sets or clears scale-in protection of the given instances of one group. */
    void setProtection(String groupName, List<String> instanceIds, boolean protectedFromScaleIn);

    /** Terminates one instance of a group, lowering its desired capacity by one. */
    void terminateAndDecrement(String instanceId);
}
