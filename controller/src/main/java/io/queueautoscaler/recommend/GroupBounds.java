package io.queueautoscaler.recommend;

import java.util.Optional;

/**
 * Auto Scaling refuses a desired capacity outside the group's own MinSize..MaxSize, so a policy
 * whose bounds are wider would fail on every evaluation: clamp to the group, last, and say which
 * setting to fix.
 */
final class GroupBounds {
    private GroupBounds() {
    }

    static Optional<Stage> apply(String groupName, FleetSnapshot fleet, int proposed) {
        int clamped = Math.max(fleet.groupMinSize(), Math.min(fleet.groupMaxSize(), proposed));
        if (clamped == proposed) {
            return Optional.empty();
        }
        return Optional.of(new Stage("groupBounds", clamped, Reason.GROUP_BOUNDS, "Auto Scaling Group " + groupName
                + " allows [" + fleet.groupMinSize() + ", " + fleet.groupMaxSize() + "], so " + proposed + " becomes "
                + clamped + "; align the group's MinSize/MaxSize with the policy's bounds"));
    }
}
