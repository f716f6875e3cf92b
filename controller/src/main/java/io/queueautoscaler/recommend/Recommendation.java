package io.queueautoscaler.recommend;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the recommender wants: the raw number its mode computed ({@code recommendedCapacity}),
 * the number after every guard rail ({@code desiredCapacity}), the stages between them, and a
 * one-line message with the numbers. {@code estimates} holds what was derived from a good
 * observation (none when the queues could not be read).
 */
public record Recommendation(
        int currentCapacity,
        int recommendedCapacity,
        int desiredCapacity,
        Reason reason,
        String message,
        List<Stage> stages,
        Optional<Estimates> estimates) {

    public Recommendation {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        stages = List.copyOf(stages);
        Objects.requireNonNull(estimates, "estimates");
    }

    public Action action() {
        return Action.between(currentCapacity, desiredCapacity);
    }

    /**
     * The queues could not be read and capacity is held: the evaluation failed. A number a later
     * stage changed even so (bounds, lease floor, fallback) is a real scale action.
     */
    public boolean heldBlind() {
        return desiredCapacity == currentCapacity
                && stages.stream().anyMatch(s -> s.reason() == Reason.METRICS_FAILED_HOLD);
    }
}
