package io.queueautoscaler.policy;

/**
 * What the recommender remembers between two evaluations of one policy. Immutable: each
 * evaluation returns the next memory, so the live loop, the tests and the simulator all replay
 * the same sequence.
 */
public record PolicyMemory(int consecutiveFailures, int activationStreak) {
    public static final PolicyMemory EMPTY = new PolicyMemory(0, 0);
}
