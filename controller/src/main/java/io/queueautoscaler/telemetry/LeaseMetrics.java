package io.queueautoscaler.telemetry;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.queueautoscaler.lease.InstanceBlock;
import io.queueautoscaler.lease.Lease;
import io.queueautoscaler.lease.LeaseEvent;
import io.queueautoscaler.lease.LeaseStore;
import io.queueautoscaler.lease.LedgerEntry;
import io.queueautoscaler.lease.Renewal;
import io.queueautoscaler.lease.TakeOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The lease store, counted: lease takes by group and outcome (TAKEN, RENEWED, or the refusal),
 * renewals by result (renewed, or expired: the worker must take a new lease), releases and
 * expiries by group. Every call goes to the store it wraps; a call that throws counts nothing.
 */
public final class LeaseMetrics implements LeaseStore {
    private final LeaseStore store;
    private final Counter takes;
    private final Counter renewals;
    private final Counter releases;
    private final Counter expiries;

    public LeaseMetrics(LeaseStore store, PrometheusRegistry registry) {
        this.store = Objects.requireNonNull(store, "store");
        takes = Counter.builder().name("queue_autoscaler_lease_takes_total")
                .help("Lease requests, by group and outcome (TAKEN, RENEWED, or refused: DRAINING, SCALING_IN, FULL)")
                .labelNames("group", "outcome").register(registry);
        renewals = Counter.builder().name("queue_autoscaler_lease_renewals_total")
                .help("Lease renewals, by result: renewed, or expired (no live lease; the worker takes a new one)")
                .labelNames("result").register(registry);
        releases = Counter.builder().name("queue_autoscaler_lease_releases_total")
                .help("Leases released by their worker, by group").labelNames("group").register(registry);
        expiries = Counter.builder().name("queue_autoscaler_lease_expiries_total")
                .help("Leases that expired because their worker did not renew them, by group")
                .labelNames("group").register(registry);
        renewals.initLabelValues("renewed");
        renewals.initLabelValues("expired");
    }

    /**
     * Shows every group's counters from 0 before its first lease, so that a rate is defined from
     * the start; a group no longer in any policy stops reporting.
     */
    public void groups(Collection<String> groupNames) {
        takes.removeIf(labels -> !groupNames.contains(labels.get(0)));
        releases.removeIf(labels -> !groupNames.contains(labels.get(0)));
        expiries.removeIf(labels -> !groupNames.contains(labels.get(0)));
        for (String group : groupNames) {
            takes.initLabelValues(group, TakeOutcome.TAKEN.name());
            releases.initLabelValues(group);
            expiries.initLabelValues(group);
        }
    }

    @Override
    public List<Boolean> renew(List<Renewal> batch) {
        List<Boolean> renewed = store.renew(batch);
        long ok = renewed.stream().filter(Boolean::booleanValue).count();
        renewals.labelValues("renewed").inc(ok);
        renewals.labelValues("expired").inc(renewed.size() - ok);
        return renewed;
    }

    @Override
    public TakeOutcome take(Lease lease, int maxHolders) {
        TakeOutcome outcome = store.take(lease, maxHolders);
        takes.labelValues(lease.autoScalingGroupName(), outcome.name()).inc();
        return outcome;
    }

    @Override
    public Optional<Lease> release(String instanceId, String holder, Instant now) {
        Optional<Lease> released = store.release(instanceId, holder, now);
        released.ifPresent(l -> releases.labelValues(l.autoScalingGroupName()).inc());
        return released;
    }

    @Override
    public List<Lease> expire(Collection<Lease> due, Instant now) {
        List<Lease> expired = store.expire(due, now);
        expired.forEach(l -> expiries.labelValues(l.autoScalingGroupName()).inc());
        return expired;
    }

    @Override
    public List<Lease> revoke(String instanceId, Instant now, String by) {
        return store.revoke(instanceId, now, by);
    }

    @Override
    public List<Lease> leases() {
        return store.leases();
    }

    @Override
    public List<Lease> leasesOf(String instanceId) {
        return store.leasesOf(instanceId);
    }

    @Override
    public Set<String> leasedAmong(Collection<String> instanceIds, Instant now) {
        return store.leasedAmong(instanceIds, now);
    }

    @Override
    public void drop(Collection<String> instanceIds, Instant now, String why) {
        store.drop(instanceIds, now, why);
    }

    @Override
    public List<Lease> grace(Instant now) {
        return store.grace(now);
    }

    @Override
    public void markProtectedByOther(String instanceId, boolean protectedByOther) {
        store.markProtectedByOther(instanceId, protectedByOther);
    }

    @Override
    public boolean block(String instanceId, InstanceBlock reason, Instant now, boolean onlyIfUnleased) {
        return store.block(instanceId, reason, now, onlyIfUnleased);
    }

    @Override
    public void unblock(String instanceId, InstanceBlock reason) {
        store.unblock(instanceId, reason);
    }

    @Override
    public Map<String, InstanceBlock> blocks(Instant now) {
        return store.blocks(now);
    }

    @Override
    public Map<String, LedgerEntry> protectedInstances() {
        return store.protectedInstances();
    }

    @Override
    public void addProtected(String autoScalingGroupName, Collection<String> instanceIds, Instant since) {
        store.addProtected(autoScalingGroupName, instanceIds, since);
    }

    @Override
    public void confirmProtected(Collection<String> instanceIds, boolean confirmed) {
        store.confirmProtected(instanceIds, confirmed);
    }

    @Override
    public void removeProtected(Collection<String> instanceIds) {
        store.removeProtected(instanceIds);
    }

    @Override
    public boolean own(String autoScalingGroupName, String node, Instant now, Duration hold) {
        return store.own(autoScalingGroupName, node, now, hold);
    }

    @Override
    public void record(Collection<LeaseEvent> events) {
        store.record(events);
    }

    @Override
    public int deleteEventsBefore(Instant cutoff) {
        return store.deleteEventsBefore(cutoff);
    }
}
