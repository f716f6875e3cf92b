package io.queueautoscaler.reconcile;

import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.fleet.GroupState;
import io.queueautoscaler.lease.LeaseView;
import io.queueautoscaler.policy.ScaleInMode;
import io.queueautoscaler.policy.ScalingPolicy;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Applies a new desired capacity. Scale-out and {@code setDesired} scale-in set the number and
 * let Auto Scaling choose; {@code terminateIdle} removes chosen instances that hold no lease and
 * no protection, one call each, falling back to setting the number for what remains. Each
 * instance is claimed from the leases just before its terminate call, since termination
 * bypasses scale-in protection.
 */
final class CapacityChange {
    private CapacityChange() {
    }

    static void apply(Fleet fleet, ScalingPolicy policy, GroupState group, LeaseView leases, int desired) {
        int excess = group.desiredCapacity() - desired;
        if (excess <= 0 || policy.scaleIn() == ScaleInMode.setDesired) {
            fleet.setDesiredCapacity(group.name(), desired);
            return;
        }
        Set<String> leased = leases.leasedInstances(group.name());
        List<FleetInstance> idle = group.instances().stream()
                .filter(i -> i.inService() && !i.protectedFromScaleIn() && !leased.contains(i.instanceId()))
                .sorted(Comparator.comparing(FleetInstance::instanceId))
                .toList();
        int terminated = 0;
        for (FleetInstance instance : idle) {
            if (terminated == excess) {
                break;
            }
            if (leases.claimForScaleIn(instance.instanceId())) {
                try {
                    fleet.terminateAndDecrement(instance.instanceId());
                } catch (RuntimeException e) {
                    leases.releaseClaim(instance.instanceId());
                    throw e;
                }
                terminated++;
            }
        }
        if (terminated < excess) {
            fleet.setDesiredCapacity(group.name(), desired);
        }
    }
}
