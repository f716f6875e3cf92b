package io.queueautoscaler.sim;

import java.util.Objects;
import java.util.Optional;

/**
 * What one algorithm run cost and how long messages waited: one element of summary.json.
 * {@code utilization} is busySlotSeconds / (instanceSeconds * concurrencyPerInstance).
 */
public record Summary(
        String scenario,
        String algorithm,
        long messages,
        long processed,
        WaitPercentiles waitSeconds,
        double sloViolationRate,
        double instanceSeconds,
        double busySlotSeconds,
        double utilization,
        int scalingActions,
        int directionChanges,
        int peakCapacity,
        Optional<Tuning> tuning) {

    public Summary {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(waitSeconds, "waitSeconds");
        Objects.requireNonNull(tuning, "tuning");
    }

    public Summary tuned(String name, Tuning how) {
        return new Summary(scenario, name, messages, processed, waitSeconds, sloViolationRate, instanceSeconds,
                busySlotSeconds, utilization, scalingActions, directionChanges, peakCapacity, Optional.of(how));
    }
}
