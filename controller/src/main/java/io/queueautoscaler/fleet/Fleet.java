package io.queueautoscaler.fleet;

import java.time.Duration;
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

    /**
     * The named groups as described at most {@code maxAge} ago where this fleet keeps them, the
     * rest described now: for views of many groups that may show a state a few seconds old. A
     * fleet that keeps nothing describes them all.
     *
     * @throws FleetException when groups that had to be described cannot be
     */
    default Map<String, GroupState> describeRecent(Collection<String> groupNames, Duration maxAge) {
        return describe(groupNames);
    }

    /** Sets the group's desired capacity. */
    void setDesiredCapacity(String groupName, int desiredCapacity);

    /** Sets or clears scale-in protection of the given instances of one group. */
    void setProtection(String groupName, List<String> instanceIds, boolean protectedFromScaleIn);

    /** Terminates one instance of a group, lowering its desired capacity by one. */
    void terminateAndDecrement(String instanceId);
}
