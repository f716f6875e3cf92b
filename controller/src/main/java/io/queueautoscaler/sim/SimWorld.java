package io.queueautoscaler.sim;

/** Everything of one run an algorithm may look at or act on. */
record SimWorld(TraceWorkload workload, Cluster cluster, SimFleet fleet, CloudWatchMetrics cloudWatch, VirtualClock clock) {
}
