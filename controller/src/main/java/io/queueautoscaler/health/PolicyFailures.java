package io.queueautoscaler.health;

import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionLog;
import io.queueautoscaler.history.Failure;
import io.queueautoscaler.history.ForwardingDecisionLog;
import io.queueautoscaler.history.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows, per policy, the run of failed evaluations this node is in: since when its AWS calls
 * have failed (the group could not be described, or its capacity not set), or its queue metrics
 * have been unreadable. Any evaluation without that failure ends the run.
 */
public final class PolicyFailures extends ForwardingDecisionLog {
    /** A failure message is quoted up to this length in a health message. */
    private static final int QUOTED = 300;

    /** What keeps failing for a policy, since when, its last occurrence and its latest message. */
    public record Run(String cause, Instant since, Instant last, String message) {
        public Duration span() {
            return Duration.between(since, last);
        }
    }

    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    public PolicyFailures(DecisionLog delegate) {
        super(delegate);
    }

    @Override
    public Decision append(Decision decision) {
        Optional<String> cause = causeOf(decision);
        if (cause.isEmpty()) {
            runs.remove(decision.policy());
        } else {
            String message = messageOf(decision);
            runs.compute(decision.policy(), (policy, run) -> run != null && run.cause().equals(cause.get())
                    ? new Run(run.cause(), run.since(), decision.time(), message)
                    : new Run(cause.get(), decision.time(), decision.time(), message));
        }
        return super.append(decision);
    }

    /** The policy's current run of failures, if it is in one. */
    public Optional<Run> run(String policy) {
        return Optional.ofNullable(runs.get(policy));
    }

    /** Forgets policies no longer in force. */
    public void retain(Set<String> policyNames) {
        runs.keySet().retainAll(policyNames);
    }

    private static Optional<String> causeOf(Decision decision) {
        Optional<Failure> failure = decision.inputs().failure();
        if (failure.isPresent() && failure.get().kind() == Failure.Kind.FLEET) {
            return Optional.of("AWS calls to Auto Scaling have failed");
        }
        if (decision.outcome() == Outcome.ACT_FAILED) {
            return Optional.of("AWS calls setting the group's capacity have failed");
        }
        if (failure.isPresent() && failure.get().kind() == Failure.Kind.METRICS) {
            return Optional.of("queue metrics have been unreadable");
        }
        return Optional.empty();
    }

    private static String messageOf(Decision decision) {
        String message = decision.inputs().failure()
                .filter(f -> decision.outcome() != Outcome.ACT_FAILED)
                .map(Failure::message).orElse(decision.message());
        return message.length() <= QUOTED ? message : message.substring(0, QUOTED) + "...";
    }
}
