package io.queueautoscaler.drain;

import io.queueautoscaler.lease.Leases;

/** The drain's view of the workers' leases, over the lease room's {@link Leases}. */
public final class WorkerLeases implements DrainingLeases {
    private final Leases leases;

    public WorkerLeases(Leases leases) {
        this.leases = leases;
    }

    @Override
    public void markDraining(String instanceId) {
        leases.markDraining(instanceId);
    }

    @Override
    public boolean hasLiveLeases(String instanceId) {
        return leases.find(instanceId).isPresent();
    }

    @Override
    public void forgetDraining(String instanceId) {
        leases.forgetDraining(instanceId);
    }
}
