package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.Behavior;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HPA's stabilizeRecommendationWithBehaviors: a scale-up goes no higher than the lowest
 * recommendation within the scale-up window, a scale-down no lower than the highest within the
 * scale-down window (the current recommendation included), so one spike or one lull does not
 * move the group. With the defaults (0 s up, 300 s down) scale-ups are immediate and a scale-down
 * waits until five minutes of recommendations agree.
 */
final class Stabilization {
    private Stabilization() {
    }

    static Optional<Stage> apply(Behavior behavior, int current, int proposed, List<TimedCapacity> history, Instant now,
                                 int intervalSeconds) {
        int upWindow = behavior.scaleUp().stabilizationWindowSeconds();
        int downWindow = behavior.scaleDown().stabilizationWindowSeconds();
        int lowest = proposed;
        int highest = proposed;
        for (TimedCapacity past : history) {
            if (Windows.within(past.time(), now, upWindow, intervalSeconds)) {
                lowest = Math.min(lowest, past.capacity());
            }
            if (Windows.within(past.time(), now, downWindow, intervalSeconds)) {
                highest = Math.max(highest, past.capacity());
            }
        }
        int stabilized = Math.min(Math.max(current, lowest), highest);
        if (stabilized == proposed) {
            return Optional.empty();
        }
        if (proposed >= current) {
            return Optional.of(new Stage("stabilization", stabilized, Reason.SCALE_UP_STABILIZED,
                    "lowest recommendation in the last " + upWindow + " s is " + lowest
                            + (lowest < current ? " (below the current " + current + ")" : "") + ": " + stabilized
                            + " instead of " + proposed));
        }
        return Optional.of(new Stage("stabilization", stabilized, Reason.SCALE_DOWN_STABILIZED,
                "highest recommendation in the last " + downWindow + " s is " + highest
                        + (highest > current ? " (above the current " + current + ")" : "") + ": " + stabilized
                        + " instead of " + proposed));
    }

    /**
     * maybeInitScaleDownStabilizationWindow: a policy without history starts with the current
     * capacity as if recommended now, so a restart does not scale in before the window has seen
     * the load.
     */
    static List<TimedCapacity> initialized(List<TimedCapacity> history, int current, Instant now) {
        return history.isEmpty() ? List.of(new TimedCapacity(now, current)) : history;
    }

    /** The recommendation in force: the latest in the history, which is never empty once initialized. */
    static int inForce(List<TimedCapacity> history) {
        return history.get(history.size() - 1).capacity();
    }

    /**
     * The history with this recommendation added and those no window can see any more dropped
     * (one evaluation more is kept, which the next one may still count: see {@link Windows}).
     */
    static List<TimedCapacity> remember(Behavior behavior, List<TimedCapacity> history, int proposed, Instant now,
                                        int intervalSeconds) {
        int longest = Math.max(behavior.scaleUp().stabilizationWindowSeconds(),
                behavior.scaleDown().stabilizationWindowSeconds());
        List<TimedCapacity> kept = new ArrayList<>();
        for (TimedCapacity past : history) {
            if (Windows.within(past.time(), now, longest + intervalSeconds, intervalSeconds)) {
                kept.add(past);
            }
        }
        kept.add(new TimedCapacity(now, proposed));
        return kept;
    }
}
