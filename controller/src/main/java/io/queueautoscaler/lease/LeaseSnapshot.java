package io.queueautoscaler.lease;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The leases, the daemon's protection ledger and the instance blocks as read from the store at
 * one time, in one piece: what a node decides from. Every node reads its own each flush interval,
 * so a renewal acknowledged by any node is in every node's next snapshot. Indexed once, because
 * every renewal's answer asks it whether the instance is protected.
 */
final class LeaseSnapshot {
    static final LeaseSnapshot EMPTY = new LeaseSnapshot(List.of(), Map.of(), Map.of());

    private final List<Lease> leases;
    private final Map<String, LedgerEntry> ledger;
    private final Map<String, InstanceBlock> blocks;
    private final Map<String, String> groupOfInstance = new HashMap<>();
    private final Set<String> protectedByOther = new HashSet<>();

    LeaseSnapshot(List<Lease> leases, Map<String, LedgerEntry> ledger, Map<String, InstanceBlock> blocks) {
        this.leases = leases.stream().sorted(Comparator.comparing(Lease::instanceId).thenComparing(Lease::holder)).toList();
        this.ledger = Map.copyOf(ledger);
        this.blocks = Map.copyOf(blocks);
        for (Lease lease : leases) {
            groupOfInstance.putIfAbsent(lease.instanceId(), lease.autoScalingGroupName());
            if (lease.protectedByOther()) {
                protectedByOther.add(lease.instanceId());
            }
        }
    }

    List<Lease> leases() {
        return leases;
    }

    Map<String, LedgerEntry> ledger() {
        return ledger;
    }

    /** The group's leases, live or not, by instance and holder. */
    List<Lease> inGroup(String group) {
        return leases.stream().filter(l -> l.autoScalingGroupName().equals(group)).toList();
    }

    /** The group's instances with a live lease at {@code now}, with the latest expiry of their holders. */
    Map<String, Instant> liveInstances(String group, Instant now) {
        Map<String, Instant> live = new LinkedHashMap<>();
        inGroup(group).stream().filter(l -> l.liveAt(now))
                .forEach(l -> live.merge(l.instanceId(), l.expiresAt(), (a, b) -> a.isAfter(b) ? a : b));
        return live;
    }

    /** Protected from scale-in, as far as the daemon knows: by its own confirmed call, or by someone else. */
    boolean isProtected(String instanceId) {
        LedgerEntry entry = ledger.get(instanceId);
        return (entry != null && entry.confirmed()) || protectedByOther.contains(instanceId);
    }

    boolean protectedByOther(String instanceId) {
        return protectedByOther.contains(instanceId);
    }

    boolean draining(String instanceId) {
        return blocks.get(instanceId) == InstanceBlock.DRAINING;
    }

    String groupOf(String instanceId) {
        return groupOfInstance.get(instanceId);
    }

    /** Groups with a lease or a protection of the daemon. */
    Set<String> groups() {
        Set<String> groups = new TreeSet<>(groupOfInstance.values());
        ledger.values().forEach(e -> groups.add(e.autoScalingGroupName()));
        return groups;
    }
}
