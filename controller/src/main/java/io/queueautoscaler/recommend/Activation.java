package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.Scaling;
import io.queueautoscaler.policy.ScalingPolicy;
import java.util.Optional;

/**
 * Scaling from and to zero. SQS's approximate counts flicker, so a pool at zero starts only
 * after activationBacklog has been seen on activationObservations consecutive observations. A
 * pool that is running is not taken to zero while messages are in flight: they belong to its
 * workers, and taking the workers away would return them to the queue after their visibility
 * timeout (a pool at zero has no workers, so messages in flight there count for nothing).
 */
final class Activation {
    private Activation() {
    }

    /** The stage, if it changed the number, and the activation streak to remember. */
    record Result(Optional<Stage> stage, int streak) {
    }

    static Result apply(ScalingPolicy policy, Observation observation, int current, int proposed, int streak) {
        long backlog = observation.backlog(policy.metrics());
        if (current > 0) {
            long inFlight = observation.queues().stream().mapToLong(QueueDepth::inFlight).sum();
            if (proposed == 0 && inFlight > 0) {
                return new Result(Optional.of(new Stage("activation", 1, Reason.IN_FLIGHT_KEEPS_ALIVE,
                        Numbers.plural(inFlight, "message") + " in flight " + (inFlight == 1 ? "keeps" : "keep")
                                + " 1 instance")), 0);
            }
            return new Result(Optional.empty(), 0);
        }
        Scaling scaling = policy.scaling();
        int seen = backlog > 0 && backlog >= scaling.activationBacklog() ? streak + 1 : 0;
        if (proposed > 0 && seen < scaling.activationObservations()) {
            String wait = seen == 0
                    ? "backlog " + backlog + " is below activationBacklog " + scaling.activationBacklog()
                    : "backlog " + backlog + " at or above activationBacklog " + scaling.activationBacklog() + " on "
                            + seen + " of " + scaling.activationObservations() + " consecutive observations";
            return new Result(Optional.of(new Stage("activation", 0, Reason.ACTIVATION_PENDING, wait + ": stay at 0")),
                    seen);
        }
        return new Result(Optional.empty(), seen);
    }
}
