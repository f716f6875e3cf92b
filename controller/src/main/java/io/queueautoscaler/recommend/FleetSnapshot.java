package io.queueautoscaler.recommend;

/**
 * The worker group as the recommender sees it: the desired capacity Auto Scaling holds now,
 * instances in service, instances under a live protection lease, and the group's own MinSize
 * and MaxSize, which Auto Scaling enforces whatever the policy's bounds say.
 */
public record FleetSnapshot(int desired, int inService, int leased, int groupMinSize, int groupMaxSize) {
    public FleetSnapshot {
        if (desired < 0 || inService < 0 || leased < 0 || groupMinSize < 0) {
            throw new IllegalArgumentException("fleet counts cannot be negative");
        }
        if (groupMaxSize < groupMinSize) {
            throw new IllegalArgumentException("the group's MaxSize " + groupMaxSize + " is below its MinSize " + groupMinSize);
        }
    }
}
