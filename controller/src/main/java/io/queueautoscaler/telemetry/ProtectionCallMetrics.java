package io.queueautoscaler.telemetry;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.GroupState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fleet, with its scale-in protection calls (SetInstanceProtection on AWS) counted by group,
 * whether they protect or unprotect, and outcome (ok or error). Everything else passes through.
 */
public final class ProtectionCallMetrics implements Fleet {
    private final Fleet fleet;
    private final Counter calls;

    public ProtectionCallMetrics(Fleet fleet, PrometheusRegistry registry) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        calls = Counter.builder().name("queue_autoscaler_protection_calls_total")
                .help("Scale-in protection calls (SetInstanceProtection), by group, change (protect or unprotect) "
                        + "and outcome (ok or error)")
                .labelNames("group", "change", "outcome").register(registry);
    }

    /** Shows every group's successful calls from 0 before the first; a group no longer in any policy stops reporting. */
    public void groups(Collection<String> groupNames) {
        calls.removeIf(labels -> !groupNames.contains(labels.get(0)));
        for (String group : groupNames) {
            calls.initLabelValues(group, "protect", "ok");
            calls.initLabelValues(group, "unprotect", "ok");
        }
    }

    @Override
    public void setProtection(String groupName, List<String> instanceIds, boolean protectedFromScaleIn) {
        String change = protectedFromScaleIn ? "protect" : "unprotect";
        try {
            fleet.setProtection(groupName, instanceIds, protectedFromScaleIn);
        } catch (RuntimeException e) {
            calls.labelValues(groupName, change, "error").inc();
            throw e;
        }
        calls.labelValues(groupName, change, "ok").inc();
    }

    @Override
    public Map<String, GroupState> describe(Collection<String> groupNames) {
        return fleet.describe(groupNames);
    }

    @Override
    public void setDesiredCapacity(String groupName, int desiredCapacity) {
        fleet.setDesiredCapacity(groupName, desiredCapacity);
    }

    @Override
    public void terminateAndDecrement(String instanceId) {
        fleet.terminateAndDecrement(instanceId);
    }
}
