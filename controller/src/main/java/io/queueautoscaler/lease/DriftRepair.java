package io.queueautoscaler.lease;

import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.fleet.GroupState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a group's actual {@code ProtectedFromScaleIn} flags with the leases and the ledger,
 * and fixes what the daemon believes; the next sync then makes the calls. Leased and unprotected:
 * protect. Ours, unleased and protected: lift. Ours and not protected (or gone): forget the entry.
 * Protected by someone else: leave it alone, and a lease on it counts as protected. A leased
 * instance that left the group loses its leases.
 */
final class DriftRepair {
    private static final Logger LOG = LoggerFactory.getLogger(DriftRepair.class);

    private final Fleet fleet;
    private final LeaseStore store;
    private final ProtectionLedger ledger;

    DriftRepair(Fleet fleet, LeaseStore store, ProtectionLedger ledger) {
        this.fleet = fleet;
        this.store = store;
        this.ledger = ledger;
    }

    /** Repairs the group as the snapshot shows it; returns whether it changed any lease. */
    boolean repair(String group, LeaseSnapshot snapshot, Instant now) {
        GroupState state = fleet.describe(List.of(group)).get(group);
        Map<String, FleetInstance> instances = state == null ? Map.of() : state.instances().stream()
                .collect(Collectors.toMap(FleetInstance::instanceId, Function.identity(), (a, b) -> a));

        Set<String> leased = new TreeSet<>();
        snapshot.inGroup(group).forEach(l -> leased.add(l.instanceId()));
        List<String> gone = new ArrayList<>();
        List<String> toProtect = new ArrayList<>();
        List<String> drifted = new ArrayList<>();
        boolean changed = false;
        for (String id : leased) {
            FleetInstance instance = instances.get(id);
            if (instance == null || (leaving(instance) && !snapshot.draining(id))) {
                gone.add(id);
            } else if (instance.protectedFromScaleIn() && (ledger.holds(id) || !ledger.setByUs(id))) {
                if (ledger.holds(id)) {
                    ledger.confirm(List.of(id));
                } else if (!snapshot.protectedByOther(id)) {
                    store.markProtectedByOther(id, true);
                    changed = true;
                }
            } else {
                if (ledger.confirmed(id)) {
                    drifted.add(id); // the ledger had it protected: someone lifted it
                }
                ledger.unconfirm(id);
                if (snapshot.protectedByOther(id)) {
                    store.markProtectedByOther(id, false);
                    changed = true;
                }
                toProtect.add(id);
            }
        }
        store.drop(gone, now, state == null ? "Auto Scaling group " + group + " no longer exists"
                : "the instance is no longer in service in Auto Scaling group " + group);
        changed |= !gone.isEmpty();

        List<String> forget = new ArrayList<>();
        List<String> toLift = new ArrayList<>();
        for (String id : ledger.instancesOf(group)) {
            FleetInstance instance = instances.get(id);
            if (leased.contains(id) && !gone.contains(id)) {
                continue; // settled above
            }
            if (instance != null && instance.protectedFromScaleIn()) {
                ledger.confirm(List.of(id));
                toLift.add(id);
            } else {
                forget.add(id);
            }
        }
        ledger.forget(forget);
        // Protecting new leases and lifting ended ones is what the next sync does anyway: news is only a leased
        // instance gone from its group, or one whose protection was lifted behind the daemon's back.
        boolean news = !gone.isEmpty() || !drifted.isEmpty();
        if (news || !toProtect.isEmpty() || !toLift.isEmpty() || !forget.isEmpty()) {
            LOG.atLevel(news ? org.slf4j.event.Level.WARN : org.slf4j.event.Level.DEBUG).log(
                    "protection drift in group {}: {} leased instance(s) dropped (instance gone) {}, {} leased instance(s) "
                            + "to protect {} ({} of them unprotected by someone else {}), {} unleased instance(s) to "
                            + "unprotect {}, {} stale protection record(s) forgotten",
                    group, gone.size(), gone, toProtect.size(), toProtect, drifted.size(), drifted, toLift.size(), toLift,
                    forget.size());
        }
        return changed;
    }

    /** Auto Scaling is removing the instance: a lease cannot keep it, unless a lifecycle hook holds it to drain. */
    private static boolean leaving(FleetInstance instance) {
        String state = instance.lifecycleState();
        return state.startsWith("Terminat") || state.startsWith("Detach");
    }
}
