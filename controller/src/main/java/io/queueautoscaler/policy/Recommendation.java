package io.queueautoscaler.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the recommender wants: the raw number its mode computed ({@code recommendedCapacity}),
 * the number after every guard rail ({@code desiredCapacity}), the stages between them, and a
 * one-line message with the numbers. {@code estimates} holds derived inputs (rates, throughput)
 * worth recording.
 */
public record Recommendation(
        int currentCapacity,
        int recommendedCapacity,
        int desiredCapacity,
        Reason reason,
        String message,
        List<Stage> stages,
        Map<String, Object> estimates) {

    public Recommendation {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        stages = List.copyOf(stages);
        estimates = Collections.unmodifiableMap(new LinkedHashMap<>(estimates));
    }

    /**
     * FAILED when the inputs could not be read and capacity is held; a number a later stage
     * changed even so (bounds, lease floor, fallback) is a real scale action.
     */
    public Action action() {
        boolean blind = stages.stream().anyMatch(s -> s.reason() == Reason.METRICS_FAILED_HOLD
                || s.reason() == Reason.FLEET_UNAVAILABLE);
        if (blind && desiredCapacity == currentCapacity) {
            return Action.FAILED;
        }
        return Action.between(currentCapacity, desiredCapacity);
    }
}
