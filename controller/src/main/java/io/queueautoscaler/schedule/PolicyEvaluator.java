package io.queueautoscaler.schedule;

/** What a scheduled run does: evaluate one tick of the named policy. Must not throw. */
@FunctionalInterface
public interface PolicyEvaluator {
    void evaluate(Tick tick);
}
