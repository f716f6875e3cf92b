package io.queueautoscaler.lease;

import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.InstanceAddresses;
import io.queueautoscaler.fleet.InstanceGroups;
import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The lease machinery, assembled from what is stored: the leases (the {@link LeaseView} of the
 * reconciler and the policies API, and the {@link DrainingInstances} of lifecycle-hook draining),
 * the protection ledger, the flusher to manage, and the keeper the API calls. Built before the API
 * serves, so that the first request already sees every lease that survived the restart, and the
 * leases that expired while no daemon ran have their grace period.
 *
 * <p>Several daemons on one database each build their own: the store is shared, each node's
 * flusher owns some groups ({@code node} names it in the store), and any node serves any lease.
 */
public record ProtectionLeases(LeaseStore store, Leases leases, ProtectionLedger ledger, ProtectionFlusher flusher,
                               LeaseKeeper keeper) {

    /**
     * @param policies  the policies in force; a lease needs the policy of its instance's group
     * @param addresses present when a worker's request must come from its instance's private IP
     * @param node      this process's name among the daemons sharing the store, unique to it
     */
    public static ProtectionLeases restore(LeaseStore store, Fleet fleet, InstanceGroups groups,
                                           Optional<InstanceAddresses> addresses,
                                           Supplier<Collection<ScalingPolicy>> policies,
                                           Duration flushInterval, Duration repairInterval,
                                           RandomGenerator random, Clock clock, String node) {
        Leases leases = Leases.restore(store, clock);
        ProtectionLedger ledger = ProtectionLedger.restore(store, clock);
        ProtectionFlusher flusher = new ProtectionFlusher(leases, ledger, store, fleet, clock, flushInterval,
                repairInterval, random, node);
        InstanceLocator locator = new InstanceLocator(fleet, groups, policies, clock);
        LeaseKeeper keeper = new LeaseKeeper(leases, ledger, locator,
                group -> policies.get().stream().filter(p -> p.autoScalingGroupName().equals(group)).findFirst(),
                addresses, flusher::nudge, clock);
        return new ProtectionLeases(store, leases, ledger, flusher, keeper);
    }
}
