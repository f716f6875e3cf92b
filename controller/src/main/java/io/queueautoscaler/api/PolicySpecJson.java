package io.queueautoscaler.api;

import io.queueautoscaler.policy.Behavior;
import io.queueautoscaler.policy.ScalingPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A policy's spec on the wire in the shape ops wrote it (docs/policy-reference.md), with every
 * default filled in, so {@code GET /v1/policies} shows what is really in force. Fields the YAML
 * leaves unset show as null (a learned throughput, no fallback capacity).
 */
final class PolicySpecJson {
    private PolicySpecJson() {
    }

    static Map<String, Object> of(ScalingPolicy p) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("target", map("autoScalingGroupName", p.target().autoScalingGroupName(),
                "minCapacity", p.target().minCapacity(), "maxCapacity", p.target().maxCapacity()));
        spec.put("queues", p.queues().stream()
                .map(q -> map("url", q.url(), "targetWaitSeconds", q.targetWaitSeconds())).toList());
        spec.put("workers", map("concurrencyPerInstance", p.workers().concurrencyPerInstance(),
                "messagesPerSecondPerInstance", p.workers().messagesPerSecondPerInstance().isPresent()
                        ? p.workers().messagesPerSecondPerInstance().getAsDouble() : null,
                "warmupSeconds", p.workers().warmupSeconds()));
        spec.put("scaling", map("mode", p.scaling().mode().name(),
                "targetBacklogPerInstance", p.scaling().targetBacklogPerInstance(),
                "steps", map(
                        "scaleOut", p.scaling().steps().scaleOut().stream()
                                .map(s -> map("backlogAbove", s.backlogAbove(), "add", s.add())).toList(),
                        "scaleIn", p.scaling().steps().scaleIn().stream()
                                .map(s -> map("backlogBelow", s.backlogBelow(), "remove", s.remove())).toList()),
                "activationBacklog", p.scaling().activationBacklog(),
                "activationObservations", p.scaling().activationObservations()));
        spec.put("behavior", map("scaleUp", rules(p.behavior().scaleUp()), "scaleDown", rules(p.behavior().scaleDown())));
        spec.put("metrics", map("source", p.metrics().source().name(), "includeInFlight", p.metrics().includeInFlight(),
                "includeDelayed", p.metrics().includeDelayed()));
        spec.put("evaluationIntervalSeconds", p.evaluationIntervalSeconds());
        spec.put("onMetricFailure", map("fallbackCapacity", p.onMetricFailure().fallbackCapacity().isPresent() ? p.onMetricFailure().fallbackCapacity().getAsInt() : null,
                "afterFailures", p.onMetricFailure().afterFailures()));
        spec.put("protection", map("enabled", p.protection().enabled(), "leaseSeconds", p.protection().leaseSeconds(),
                "maxLeaseSeconds", p.protection().maxLeaseSeconds(),
                "lifecycleHook", p.protection().lifecycleHook().orElse(null)));
        spec.put("scaleIn", p.scaleIn().name());
        spec.put("dryRun", p.dryRun());
        return spec;
    }

    private static Map<String, Object> rules(Behavior.Rules r) {
        return map("stabilizationWindowSeconds", r.stabilizationWindowSeconds(), "selectPolicy", r.selectPolicy().name(),
                "policies", r.policies().stream()
                        .map(rp -> map("type", rp.type().name(), "value", rp.value(), "periodSeconds", rp.periodSeconds())).toList(),
                "tolerance", r.tolerance());
    }

    /** An ordered map from alternating keys and values; values may be null. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
