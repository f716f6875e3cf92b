package io.queueautoscaler.sim;

/** One run's decision loop: every {@link #intervalSeconds()} it looks at the world and may resize the group. */
public interface Autoscaler {

    int intervalSeconds();

    /** Evaluates once at {@code second} (a multiple of the interval), acting through the world's fleet. */
    void evaluate(long second);
}
