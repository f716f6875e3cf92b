package io.queueautoscaler.lease;

import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.fleet.GroupState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a group's actual {@code ProtectedFromScaleIn} flags with the leases and the ledger,
 * and fixes what the daemon believes; the next sync then makes the calls. Leased and unprotected:
 * protect. Ours, unleased and protected: lift. Ours and not protected (or gone): forget the entry.
 * Protected by someone else: leave it alone, and a lease on it counts as protected. A leased
 * instance that left the group loses its lease.
 */
final class DriftRepair {
    private static final Logger LOG = LoggerFactory.getLogger(DriftRepair.class);
    private static final String HELD_BY_HOOK = "Terminating:Wait";

    private final Fleet fleet;
    private final Leases leases;
    private final ProtectionLedger ledger;

    DriftRepair(Fleet fleet, Leases leases, ProtectionLedger ledger) {
        this.fleet = fleet;
        this.leases = leases;
        this.ledger = ledger;
    }

    void repair(String group) {
        GroupState state = fleet.describe(List.of(group)).get(group);
        Map<String, FleetInstance> instances = state == null ? Map.of() : state.instances().stream()
                .collect(Collectors.toMap(FleetInstance::instanceId, Function.identity(), (a, b) -> a));

        List<String> gone = new ArrayList<>();
        List<String> toProtect = new ArrayList<>();
        for (Lease lease : leases.inGroup(group)) {
            String id = lease.instanceId();
            FleetInstance instance = instances.get(id);
            if (instance == null || leaving(instance)) {
                gone.add(id);
            } else if (instance.lifecycleState().equals(HELD_BY_HOOK)) {
                continue; // its lease holds the termination (the drain); scale-in protection no longer matters
            } else if (instance.protectedFromScaleIn()) {
                if (ledger.holds(id)) {
                    ledger.confirm(List.of(id));
                }
                leases.markProtected(List.of(id), true);
            } else {
                ledger.unconfirm(id);
                leases.markProtected(List.of(id), false);
                toProtect.add(id);
            }
        }
        leases.drop(gone, state == null ? "Auto Scaling group " + group + " no longer exists"
                : "the instance is no longer in service in Auto Scaling group " + group);

        Set<String> leased = leases.inGroup(group).stream().map(Lease::instanceId).collect(Collectors.toSet());
        List<String> forget = new ArrayList<>();
        List<String> toLift = new ArrayList<>();
        for (String id : ledger.instancesOf(group)) {
            FleetInstance instance = instances.get(id);
            boolean isProtected = instance != null && instance.protectedFromScaleIn();
            if (leased.contains(id)) {
                continue; // settled above
            }
            if (isProtected) {
                ledger.confirm(List.of(id));
                toLift.add(id);
            } else {
                forget.add(id);
            }
        }
        ledger.forget(forget);
        if (!gone.isEmpty() || !toProtect.isEmpty() || !toLift.isEmpty() || !forget.isEmpty()) {
            LOG.info("protection drift in group {}: {} lease(s) dropped (instance gone) {}, {} leased instance(s) to protect {}, "
                            + "{} unleased instance(s) to unprotect {}, {} stale protection record(s) forgotten",
                    group, gone.size(), gone, toProtect.size(), toProtect, toLift.size(), toLift, forget.size());
        }
    }

    /**
     * Auto Scaling is removing the instance: a lease cannot keep it. Except in Terminating:Wait,
     * where a lifecycle hook holds it until its leases end.
     */
    private static boolean leaving(FleetInstance instance) {
        String state = instance.lifecycleState();
        return !state.equals(HELD_BY_HOOK) && (state.startsWith("Terminat") || state.startsWith("Detach"));
    }
}
