package io.queueautoscaler.lease;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where leases outlive the process: the leases, the instances whose protection the daemon set,
 * and the audit trail. Writes name a lease by instance and taking time, so a late write about
 * an old lease never touches a newer lease of the same instance.
 */
public interface LeaseStore {

    /** Stores a newly taken lease, replacing any older lease of the same instance, with its event. */
    void insert(Lease lease, LeaseEvent taken);

    /** Deletes these very leases (instance and taking time), with their events. */
    void delete(Collection<Lease> leases, Collection<LeaseEvent> events);

    /** Writes the expiries of these leases; a lease no longer stored is skipped. */
    void updateExpiries(Collection<Lease> leases);

    /** Every stored lease, live or not. */
    List<Lease> leases();

    /** Instances whose protection the daemon set, by instance ID, with their group. */
    Map<String, String> protectedInstances();

    void addProtected(String autoScalingGroupName, Collection<String> instanceIds, Instant since);

    void removeProtected(Collection<String> instanceIds);

    void record(Collection<LeaseEvent> events);


    /** Deletes events older than {@code cutoff}; returns how many. */
    int deleteEventsBefore(Instant cutoff);
}
