package io.queueautoscaler.sim;

import java.util.Objects;

/**
 * One queue of a scenario: its traffic (a CSV path relative to the scenario file), how long its
 * messages take and its SLO, the longest a message should wait before it starts.
 */
public record ScenarioQueue(String trace, ServiceTime serviceSeconds, int maxWaitSeconds) {
    public ScenarioQueue {
        Objects.requireNonNull(trace, "queues[].trace is required: a CSV file of second,arrivals");
        Objects.requireNonNull(serviceSeconds, "queues[].serviceSeconds is required");
        if (maxWaitSeconds < 1) {
            throw new IllegalArgumentException("queues[].maxWaitSeconds must be at least 1: " + maxWaitSeconds);
        }
    }
}
