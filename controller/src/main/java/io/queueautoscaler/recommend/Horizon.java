package io.queueautoscaler.recommend;

/**
 * What the workload estimator borrows from latency mode's plan of one queue: how long after its
 * arrival a message has to start, and the span of a burst's first arrivals that running capacity
 * must start alone (zero or less: none).
 */
record Horizon(double planSeconds, double burstWindowSeconds) {
}
