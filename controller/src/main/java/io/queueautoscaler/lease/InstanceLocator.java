package io.queueautoscaler.lease;

import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.fleet.GroupState;
import io.queueautoscaler.fleet.InstanceGroups;
import io.queueautoscaler.lease.LeaseRefusedException.Refusal;
import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Finds the managed group of an instance a worker wants to lease. The managed groups are described
 * together (the caching fleet shares that call with the reconciler); only an instance found in
 * none of them costs a {@code DescribeAutoScalingInstances}, whose answer is kept for a minute so
 * that a worker retrying against an unmanaged group does not spend the account's Auto Scaling
 * budget.
 */
public final class InstanceLocator {
    static final Duration REMEMBER_OUTSIDERS = Duration.ofMinutes(1);

    /** Where a leasable instance is: its policy and the instance as described. */
    public record Location(ScalingPolicy policy, FleetInstance instance) {
    }

    private record Outsider(Optional<String> group, Instant until) {
    }

    private final Fleet fleet;
    private final InstanceGroups groups;
    private final Supplier<Collection<ScalingPolicy>> policies;
    private final Clock clock;
    private final Map<String, Outsider> outsiders = new ConcurrentHashMap<>();

    public InstanceLocator(Fleet fleet, InstanceGroups groups, Supplier<Collection<ScalingPolicy>> policies, Clock clock) {
        this.fleet = fleet;
        this.groups = groups;
        this.policies = policies;
        this.clock = clock;
    }

    /**
     * @throws LeaseRefusedException UNKNOWN_INSTANCE when no group holds it; CONFLICT when its group is
     *                               not managed or it has left service (Terminating, Standby, ...);
     *                               UNAVAILABLE, to retry, while it is still joining its group (Pending,
     *                               or not yet in the described group) or when AWS cannot answer
     */
    public Location locate(String instanceId) {
        List<ScalingPolicy> managed = List.copyOf(policies.get());
        Map<String, GroupState> described;
        try {
            described = fleet.describe(managed.stream().map(ScalingPolicy::autoScalingGroupName).toList());
        } catch (FleetException e) {
            throw new LeaseRefusedException(Refusal.UNAVAILABLE, "cannot describe the managed Auto Scaling groups; "
                    + "retry shortly: " + e.getMessage(), e);
        }
        for (ScalingPolicy policy : managed) {
            GroupState group = described.get(policy.autoScalingGroupName());
            if (group == null) {
                continue;
            }
            for (FleetInstance instance : group.instances()) {
                if (instance.instanceId().equals(instanceId)) {
                    if (!instance.inService()) {
                        // Booting passes by itself, so the worker is told to retry; leaving service does not.
                        Refusal refusal = instance.booting() ? Refusal.UNAVAILABLE : Refusal.CONFLICT;
                        // Terminating:Wait is a lifecycle hook holding the instance while its work drains.
                        String state = instance.lifecycleState().equals("Terminating:Wait")
                                ? "draining (Terminating:Wait)" : instance.lifecycleState();
                        throw new LeaseRefusedException(refusal, "instance " + instanceId + " is " + state
                                + " in Auto Scaling group " + group.name()
                                + "; a lease can be taken only while it is InService");
                    }
                    return new Location(policy, instance);
                }
            }
        }
        Optional<String> owner = owner(instanceId);
        if (owner.isEmpty()) {
            throw new LeaseRefusedException(Refusal.UNKNOWN_INSTANCE, "no Auto Scaling group holds instance " + instanceId
                    + ": use the worker's own instance ID (from the instance metadata), and make sure the instance "
                    + "has joined its group");
        }
        if (managed.stream().anyMatch(p -> p.autoScalingGroupName().equals(owner.get()))) {
            throw new LeaseRefusedException(Refusal.UNAVAILABLE, "instance " + instanceId + " has just joined Auto Scaling group "
                    + owner.get() + " and is not in service yet; retry in a few seconds");
        }
        throw new LeaseRefusedException(Refusal.CONFLICT, "instance " + instanceId + " is in Auto Scaling group "
                + owner.get() + ", which no policy manages: add a policy for " + owner.get()
                + " to the policies directory, or stop this worker from asking for protection");
    }

    private Optional<String> owner(String instanceId) {
        Instant now = clock.instant();
        Outsider known = outsiders.get(instanceId);
        if (known != null && now.isBefore(known.until())) {
            return known.group();
        }
        outsiders.values().removeIf(o -> !now.isBefore(o.until()));
        Optional<String> group;
        try {
            group = groups.groupOf(instanceId);
        } catch (FleetException e) {
            throw new LeaseRefusedException(Refusal.UNAVAILABLE, "cannot find the Auto Scaling group of instance "
                    + instanceId + "; retry shortly: " + e.getMessage(), e);
        }
        outsiders.put(instanceId, new Outsider(group, now.plus(REMEMBER_OUTSIDERS)));
        return group;
    }
}
