package io.queueautoscaler.sim;

import java.util.function.LongConsumer;

/** One run's decision loop: every {@link #intervalSeconds()} it looks at the world and may resize the group. */
public interface Autoscaler {

    int intervalSeconds();

    /** Evaluates once at {@code second} (a multiple of the interval), acting through the world's fleet. */
    void evaluate(long second);

    /** A loop that runs {@code evaluate} every {@code intervalSeconds}. */
    static Autoscaler every(int intervalSeconds, LongConsumer evaluate) {
        return new Autoscaler() {
            @Override
            public int intervalSeconds() {
                return intervalSeconds;
            }

            @Override
            public void evaluate(long second) {
                evaluate.accept(second);
            }
        };
    }
}
