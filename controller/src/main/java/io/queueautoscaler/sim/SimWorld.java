package io.queueautoscaler.sim;

import io.queueautoscaler.clock.VirtualClock;

/** Everything of one run an algorithm may look at or act on. */
public record SimWorld(TraceWorkload workload, Cluster cluster, SimFleet fleet, CloudWatchMetrics cloudWatch, VirtualClock clock) {
}
