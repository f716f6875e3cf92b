package io.queueautoscaler.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instances whose scale-in protection this daemon set, kept in the store so that after a
 * restart it lifts only its own protection. An entry is written before the protection call
 * (a crash mid-call leaves an entry for drift repair to check, never a protected instance the
 * daemon forgot) and is confirmed once AWS accepted the call or a describe showed the flag.
 * Only the flusher thread changes the ledger, for the groups its node owns; request threads read
 * it. Each flush reads it again from the store, so the node that takes a group over continues
 * from what the previous owner wrote.
 */
public final class ProtectionLedger {
    /**
     * How long a lifted protection is remembered. A describe may still show the flag for a moment
     * after the daemon lifted it; within this time that flag is not taken for someone else's.
     */
    static final Duration REMEMBER_LIFTED = Duration.ofMinutes(5);

    private final LeaseStore store;
    private final Clock clock;
    private final ConcurrentHashMap<String, LedgerEntry> ours = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> lifted = new ConcurrentHashMap<>();

    private ProtectionLedger(LeaseStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The stored entries, all unconfirmed until drift repair compares them with the groups. */
    public static ProtectionLedger restore(LeaseStore store, Clock clock) {
        ProtectionLedger ledger = new ProtectionLedger(store, clock);
        ledger.refresh(store.protectedInstances());
        return ledger;
    }

    /** The entries as just read from the store. */
    void refresh(Map<String, LedgerEntry> stored) {
        ours.keySet().retainAll(stored.keySet());
        ours.putAll(stored);
    }

    /** Whether a protection flag seen on this instance may be the daemon's own (now or a moment ago). */
    public boolean setByUs(String instanceId) {
        if (ours.containsKey(instanceId)) {
            return true;
        }
        Instant at = lifted.get(instanceId);
        return at != null && clock.instant().isBefore(at.plus(REMEMBER_LIFTED));
    }

    boolean holds(String instanceId) {
        return ours.containsKey(instanceId);
    }

    boolean confirmed(String instanceId) {
        LedgerEntry entry = ours.get(instanceId);
        return entry != null && entry.confirmed();
    }

    Set<String> instancesOf(String group) {
        Set<String> ids = new TreeSet<>();
        ours.forEach((id, entry) -> {
            if (entry.autoScalingGroupName().equals(group)) {
                ids.add(id);
            }
        });
        return ids;
    }

    Set<String> groups() {
        Set<String> groups = new TreeSet<>();
        ours.values().forEach(e -> groups.add(e.autoScalingGroupName()));
        return groups;
    }

    /** Written before the protection call. */
    void claim(String group, Collection<String> instanceIds) {
        store.addProtected(group, instanceIds, clock.instant());
        instanceIds.forEach(id -> ours.putIfAbsent(id, new LedgerEntry(group, false)));
    }

    /** After AWS accepted the call, or a describe showed the flag. */
    void confirm(Collection<String> instanceIds) {
        List<String> changed = instanceIds.stream().filter(id -> ours.containsKey(id) && !confirmed(id)).toList();
        store.confirmProtected(changed, true);
        changed.forEach(id -> ours.computeIfPresent(id, (k, e) -> new LedgerEntry(e.autoScalingGroupName(), true)));
    }

    /** The instance is held but not protected (a flag someone cleared), or about to be lifted: not confirmed. */
    void unconfirm(String instanceId) {
        unconfirm(List.of(instanceId));
    }

    void unconfirm(Collection<String> instanceIds) {
        List<String> changed = instanceIds.stream().filter(this::confirmed).toList();
        store.confirmProtected(changed, false);
        changed.forEach(id -> ours.computeIfPresent(id, (k, e) -> new LedgerEntry(e.autoScalingGroupName(), false)));
    }

    /** After the call that lifted the protection. */
    void lift(Collection<String> instanceIds) {
        store.removeProtected(instanceIds);
        Instant now = clock.instant();
        instanceIds.forEach(id -> {
            ours.remove(id);
            lifted.put(id, now);
        });
        lifted.values().removeIf(at -> !now.isBefore(at.plus(REMEMBER_LIFTED)));
    }

    /** Entries with nothing left to lift: the instance is gone or no longer protected. */
    void forget(Collection<String> instanceIds) {
        store.removeProtected(instanceIds);
        instanceIds.forEach(ours::remove);
    }
}
