package io.queueautoscaler.schedule;

/** What a scheduled run does: evaluate the named policy once. Must not throw. */
@FunctionalInterface
public interface PolicyEvaluator {
    void evaluate(String policyName);
}
