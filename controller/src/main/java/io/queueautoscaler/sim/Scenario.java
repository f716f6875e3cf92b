package io.queueautoscaler.sim;

import java.util.List;
import java.util.Objects;

/** A scenario file: queues in priority order, the fleet, and the seed of every random draw. */
public record Scenario(String name, List<ScenarioQueue> queues, FleetSpec fleet, long seed) {
    public Scenario {
        Objects.requireNonNull(name, "name is required");
        Objects.requireNonNull(queues, "queues is required: at least one queue");
        queues = List.copyOf(queues);
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("queues needs at least one queue");
        }
        Objects.requireNonNull(fleet, "fleet is required");
    }
}
