package io.queueautoscaler.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one observation into a desired capacity. Pure: no I/O and no clock, the time comes in
 * the observation. The number passes named stages, each recording what it produced and why.
 */
public final class Recommender {

    public Evaluation evaluate(ScalingPolicy policy, Observation observation, PolicyMemory memory) {
        int current = observation.fleet().desired();
        if (observation.failed()) {
            return onMetricFailure(policy, observation, memory, current);
        }
        List<Stage> stages = new ArrayList<>();
        Map<String, Object> estimates = new LinkedHashMap<>();
        long backlog = observation.backlog(policy.metrics());
        double target = policy.scaling().targetBacklogPerInstance();
        int raw = (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(backlog / target));
        stages.add(new Stage("backlogPerInstance", raw, Reason.BACKLOG_PER_INSTANCE,
                "backlog " + backlog + " / " + fmt(target) + " per instance = " + raw));
        estimates.put("backlog", backlog);

        int next = raw;
        int streak = memory.activationStreak();
        if (current == 0 && next > 0) {
            streak = backlog >= policy.scaling().activationBacklog() ? streak + 1 : 0;
            if (streak < policy.scaling().activationObservations()) {
                next = 0;
                stages.add(new Stage("activation", 0, Reason.ACTIVATION_PENDING,
                        "backlog " + backlog + " seen " + streak + " of " + policy.scaling().activationObservations()
                                + " times at or above activationBacklog " + policy.scaling().activationBacklog()));
            }
        } else {
            streak = 0;
        }
        int clamped = policy.target().clamp(next);
        if (clamped != next) {
            Reason why = clamped > next ? Reason.BELOW_MIN : Reason.ABOVE_MAX;
            stages.add(new Stage("bounds", clamped, why, next + " clamped to [" + policy.target().minCapacity()
                    + ", " + policy.target().maxCapacity() + "] = " + clamped));
        }
        Stage last = stages.get(stages.size() - 1);
        Reason reason = last.reason();
        String message = Action.between(current, clamped).describe(current, clamped) + ": " + last.detail();
        return new Evaluation(new Recommendation(current, raw, clamped, reason, message, stages, estimates),
                new PolicyMemory(0, streak));
    }

    private Evaluation onMetricFailure(ScalingPolicy policy, Observation observation, PolicyMemory memory, int current) {
        int failures = memory.consecutiveFailures() + 1;
        OnMetricFailure rule = policy.onMetricFailure();
        String why = observation.metricFailure().orElse("unknown");
        if (rule.hasFallback() && failures >= rule.afterFailures()) {
            int fallback = policy.target().clamp(rule.fallbackCapacity());
            Stage stage = new Stage("metricFailure", fallback, Reason.METRICS_FAILED_FALLBACK,
                    failures + " consecutive metric failures, fallbackCapacity " + fallback + ": " + why);
            return new Evaluation(new Recommendation(current, fallback, fallback, stage.reason(),
                    Action.between(current, fallback).describe(current, fallback) + ": " + stage.detail(),
                    List.of(stage), Map.of()), new PolicyMemory(failures, 0));
        }
        Stage stage = new Stage("metricFailure", current, Reason.METRICS_FAILED_HOLD,
                "holding " + current + " after " + failures + " consecutive metric failure(s): " + why);
        return new Evaluation(new Recommendation(current, current, current, stage.reason(),
                "hold " + current + ": " + stage.detail(), List.of(stage), Map.of()), new PolicyMemory(failures, 0));
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.2f", value);
    }
}
