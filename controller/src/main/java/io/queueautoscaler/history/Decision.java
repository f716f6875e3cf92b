package io.queueautoscaler.history;

import io.queueautoscaler.policy.Action;
import io.queueautoscaler.policy.Reason;
import io.queueautoscaler.policy.Stage;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One evaluation of one policy, whole: its inputs, each stage of the arithmetic, what was
 * decided and what came of it. {@code id} is 0 until the log stores it.
 */
public record Decision(
        long id,
        String policy,
        Instant time,
        int currentCapacity,
        int recommendedCapacity,
        int desiredCapacity,
        Action action,
        Outcome outcome,
        Reason reason,
        String message,
        boolean dryRun,
        Map<String, Object> inputs,
        List<Stage> stages) {

    public Decision {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        stages = List.copyOf(stages);
    }

    public Decision withId(long newId) {
        return new Decision(newId, policy, time, currentCapacity, recommendedCapacity, desiredCapacity,
                action, outcome, reason, message, dryRun, inputs, stages);
    }
}
