package io.queueautoscaler.api;

import io.queueautoscaler.history.Decision;
import io.queueautoscaler.policy.Stage;
import java.util.List;
import java.util.Map;

/** A decision on the wire; times in ISO-8601 UTC. */
public record DecisionJson(
        long id,
        String policy,
        String time,
        int currentCapacity,
        int recommendedCapacity,
        int desiredCapacity,
        String action,
        String outcome,
        String reason,
        String message,
        boolean dryRun,
        Map<String, Object> inputs,
        List<Stage> stages) {

    public static DecisionJson of(Decision d) {
        return new DecisionJson(d.id(), d.policy(), d.time().toString(), d.currentCapacity(), d.recommendedCapacity(),
                d.desiredCapacity(), d.action().name(), d.outcome().name(), d.reason().name(), d.message(),
                d.dryRun(), d.inputs(), d.stages());
    }
}
