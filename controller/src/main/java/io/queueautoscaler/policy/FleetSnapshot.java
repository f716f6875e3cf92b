package io.queueautoscaler.policy;

/**
 * The worker group as the recommender sees it: the desired capacity Auto Scaling holds now,
 * instances in service, instances still booting (pending or within warmup) and instances
 * under a live protection lease.
 */
public record FleetSnapshot(int desired, int inService, int booting, int leased) {
    public FleetSnapshot {
        if (desired < 0 || inService < 0 || booting < 0 || leased < 0) {
            throw new IllegalArgumentException("fleet counts cannot be negative");
        }
    }
}
