package io.queueautoscaler.sim;

import java.util.Map;
import java.util.TreeMap;

/** A test algorithm that sets desired capacity at given seconds and otherwise leaves the group alone. */
final class Scripted implements Algorithm {
    private final Map<Long, Integer> plan;

    Scripted(Map<Long, Integer> plan) {
        this.plan = new TreeMap<>(plan);
    }

    static Scripted hold() {
        return new Scripted(Map.of());
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public Autoscaler start(SimWorld world) {
        return Autoscaler.every(1, second -> {
            Integer desired = plan.get(second);
            if (desired != null) {
                world.fleet().scaleTo(desired);
            }
        });
    }
}
