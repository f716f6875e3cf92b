package io.queueautoscaler.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where leases live: the truth every node of a cluster reads. Holds each holder's lease, the
 * instance blocks (draining, being scaled in), the instances whose protection the daemon set,
 * and the audit trail. Every method is one transaction.
 */
public interface LeaseStore {

    /**
     * Renews each holder's lease that is still live at its renewal's time, in one transaction;
     * returns, in the same order, whether each was renewed (false: no live lease, take one).
     */
    List<Boolean> renew(List<Renewal> renewals);

    /**
     * Takes the holder's lease unless the instance is blocked or already has {@code maxHolders}
     * live holders; a live lease of the same holder is renewed instead. Checks and write are one
     * step, also against other nodes and {@link #block}.
     */
    TakeOutcome take(Lease lease, int maxHolders);

    /** Deletes the holder's lease, with its event; returns it, or empty when it had none. */
    Optional<Lease> release(String instanceId, String holder, Instant now);

    /** Deletes every holder's lease of the instance, with one event naming {@code by}; returns them. */
    List<Lease> revoke(String instanceId, Instant now, String by);

    /** Every stored lease, live or not, by instance and holder. */
    List<Lease> leases();

    /** The stored leases of one instance, live or not, by holder. */
    List<Lease> leasesOf(String instanceId);

    /**
     * Deletes those of these leases that are still not live at {@code now} (a renewal committed
     * since they were read keeps its lease), with their events; returns the deleted.
     */
    List<Lease> expire(Collection<Lease> due, Instant now);

    /** Those of these instances that have a live lease at {@code now}. */
    Set<String> leasedAmong(Collection<String> instanceIds, Instant now);

    /** Deletes every lease of these instances (they left their group), with their events. */
    void drop(Collection<String> instanceIds, Instant now, String why);

    /**
     * At start: every lease that expired while no daemon ran is kept for one more of its periods
     * from {@code now}, with a {@link LeaseEvent.Type#GRACE} event; returns them as extended.
     */
    List<Lease> grace(Instant now);

    /** Records whether someone other than the daemon protects the instance (see {@link Lease#protectedByOther}). */
    void markProtectedByOther(String instanceId, boolean protectedByOther);

    /**
     * Blocks new leases on the instance. With {@code onlyIfUnleased}, only when it has no live
     * lease at {@code now}, in the same step as {@link #take}'s check. Returns whether it is blocked now.
     */
    boolean block(String instanceId, InstanceBlock reason, Instant now, boolean onlyIfUnleased);

    void unblock(String instanceId, InstanceBlock reason);

    /** The blocks in force at {@code now} (see {@link InstanceBlock#lasts()}), by instance ID. */
    Map<String, InstanceBlock> blocks(Instant now);

    /** Instances whose protection the daemon set, by instance ID. */
    Map<String, LedgerEntry> protectedInstances();

    void addProtected(String autoScalingGroupName, Collection<String> instanceIds, Instant since);

    void confirmProtected(Collection<String> instanceIds, boolean confirmed);

    void removeProtected(Collection<String> instanceIds);

    /**
     * Makes {@code node} the one that makes the group's protection calls until {@code now + hold},
     * when the group has no owner or its owner's time ran out; true when {@code node} owns it now.
     */
    boolean own(String autoScalingGroupName, String node, Instant now, Duration hold);

    void record(Collection<LeaseEvent> events);


    /** Deletes events older than {@code cutoff}; returns how many. */
    int deleteEventsBefore(Instant cutoff);
}
