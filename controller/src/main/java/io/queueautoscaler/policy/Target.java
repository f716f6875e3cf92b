package io.queueautoscaler.policy;

import java.util.Objects;

/** The Auto Scaling Group a policy sizes, and the bounds it never leaves. */
public record Target(String autoScalingGroupName, int minCapacity, int maxCapacity) {
    public Target {
        Objects.requireNonNull(autoScalingGroupName, "autoScalingGroupName");
        if (minCapacity < 0) {
            throw new IllegalArgumentException("minCapacity must be at least 0: " + minCapacity);
        }
        if (maxCapacity < minCapacity) {
            throw new IllegalArgumentException("maxCapacity " + maxCapacity + " is below minCapacity " + minCapacity);
        }
    }

    public int clamp(int capacity) {
        return Math.max(minCapacity, Math.min(maxCapacity, capacity));
    }
}
