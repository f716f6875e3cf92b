package io.queueautoscaler.history;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts decisions as they are recorded, for /metrics and /prometheus: a meter per policy and
 * outcome ({@code decisions.<policy>.<outcome>}, e.g. a rising {@code FAILED} rate pages someone)
 * and gauges of each policy's last current and desired capacity.
 */
public final class MeteredDecisionLog extends ForwardingDecisionLog {
    private final MetricRegistry registry;
    private final Map<String, Decision> last = new ConcurrentHashMap<>();

    public MeteredDecisionLog(DecisionLog delegate, MetricRegistry registry) {
        super(delegate);
        this.registry = registry;
    }

    @Override
    public Decision append(Decision decision) {
        // Counted before storing: when the database is down the FAILED rate must still rise.
        registry.meter(MetricRegistry.name("decisions", decision.policy(), decision.outcome().name())).mark();
        if (last.put(decision.policy(), decision) == null) {
            String policy = decision.policy();
            registry.gauge(MetricRegistry.name("policies", policy, "current-capacity"),
                    () -> (Gauge<Integer>) () -> Decision.orNull(last.get(policy).currentCapacity()));
            registry.gauge(MetricRegistry.name("policies", policy, "desired-capacity"),
                    () -> (Gauge<Integer>) () -> Decision.orNull(last.get(policy).desiredCapacity()));
        }
        return super.append(decision);
    }

    /** Drops the meters and gauges of policies no longer in force, so a removed policy stops reporting. */
    public void retain(Set<String> policyNames) {
        for (String gone : last.keySet()) {
            if (!policyNames.contains(gone)) {
                last.remove(gone);
                registry.removeMatching((name, metric) -> name.startsWith("decisions." + gone + ".")
                        || name.startsWith("policies." + gone + "."));
            }
        }
    }
}
