package io.queueautoscaler.api;

import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionInputs;
import io.queueautoscaler.recommend.Stage;
import java.time.Instant;
import java.util.List;

/**
 * A decision on the wire; times in ISO-8601 UTC, {@code action} FAILED for a failed evaluation.
 * {@code node} made it; a run of identical unchanged decisions is one item, {@code repeated} of
 * them from {@code time} to {@code until} ({@code repeated} 1 and {@code until} null otherwise).
 * A capacity that was not known (the group could not be described) is null, never 0.
 */
public record DecisionJson(
        long id,
        String policy,
        String time,
        Integer currentCapacity,
        Integer recommendedCapacity,
        Integer desiredCapacity,
        String action,
        String outcome,
        String reason,
        String message,
        boolean dryRun,
        DecisionInputs inputs,
        List<Stage> stages,
        String node,
        int repeated,
        String until) {

    public static DecisionJson of(Decision d) {
        return new DecisionJson(d.id(), d.policy(), d.time().toString(), Decision.orNull(d.currentCapacity()),
                Decision.orNull(d.recommendedCapacity()), Decision.orNull(d.desiredCapacity()), d.actionName(), d.outcome().name(), d.reason().name(), d.message(),
                d.dryRun(), d.inputs(), d.stages(), d.node().orElse(null), d.repeated(),
                d.until().map(Instant::toString).orElse(null));
    }
}
