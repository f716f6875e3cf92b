package io.queueautoscaler.sim;

/** A way of sizing the group: the daemon's own, or a model of another product. */
public interface Algorithm {

    /** The name in summary.json and timeline.csv. */
    String name();

    /** Attaches to one run's world; the returned autoscaler is asked to act on its own cadence. */
    Autoscaler start(SimWorld world);
}
