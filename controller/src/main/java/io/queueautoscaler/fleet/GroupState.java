package io.queueautoscaler.fleet;

import java.util.List;
import java.util.Objects;

/** One Auto Scaling Group as described: its bounds, desired capacity and instances. */
public record GroupState(String name, int minSize, int maxSize, int desiredCapacity, List<FleetInstance> instances) {
    public GroupState {
        Objects.requireNonNull(name, "name");
        instances = List.copyOf(instances);
    }

    public long inService() {
        return instances.stream().filter(FleetInstance::inService).count();
    }

    public long booting() {
        return instances.stream().filter(FleetInstance::booting).count();
    }
}
