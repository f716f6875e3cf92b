package io.queueautoscaler.recommend;

import java.time.Duration;
import java.time.Instant;

/**
 * Windows of seconds over a policy's evaluations, as the HPA's stabilization windows and
 * rate-limit periods are. Evaluations come an interval apart, give or take the milliseconds a
 * tick runs early or late (and the clock skew between the nodes of a cluster), so an evaluation
 * whose age is within {@link #jitter} of a whole number of intervals counts as that many intervals
 * old. Otherwise a window that is a multiple of the interval, such as the HPA's 15 s scale-up
 * period at the default 15 s interval, would hold the evaluation one period ago on one tick and
 * not on the next, and halve the scale-up pace at random.
 */
public final class Windows {
    private Windows() {
    }

    /** Whether an evaluation at {@code time} lies within the {@code seconds} before {@code now}. */
    static boolean within(Instant time, Instant now, int seconds, int intervalSeconds) {
        double age = Numbers.seconds(time, now);
        double onGrid = Math.round(age / intervalSeconds) * (double) intervalSeconds;
        return (Math.abs(age - onGrid) <= jitter(intervalSeconds).toNanos() / 1e9 ? onGrid : age) < seconds;
    }

    /** How far an evaluation may stray from its interval's grid and still count as on it: 1 s, a quarter of shorter intervals. */
    public static Duration jitter(int intervalSeconds) {
        return Duration.ofMillis(Math.min(1000, 250L * intervalSeconds));
    }
}
