package io.queueautoscaler.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** When /healthcheck stops trusting a policy: after this many of its evaluation intervals of failure or silence. */
public class HealthConfiguration {

    /**
     * A policy whose AWS calls or queue metrics have failed for this many evaluations in a row,
     * or that has not been evaluated for this many intervals, turns /healthcheck unhealthy.
     */
    @Min(1)
    @JsonProperty
    private int failedEvaluations = 5;

    public int getFailedEvaluations() {
        return failedEvaluations;
    }

    /** How long that is for a policy evaluated every {@code intervalSeconds}. */
    public Duration allowance(int intervalSeconds) {
        return Duration.ofSeconds((long) failedEvaluations * intervalSeconds);
    }
}
