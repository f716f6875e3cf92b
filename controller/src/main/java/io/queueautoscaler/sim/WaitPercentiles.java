package io.queueautoscaler.sim;

import java.util.Arrays;

/** Message wait (start of service minus arrival), in seconds, over every message of a run. */
public record WaitPercentiles(double p50, double p95, double p99, double max) {

    /** Nearest-rank percentiles of {@code waits}; all zero when there is no message. */
    static WaitPercentiles of(double[] waits) {
        if (waits.length == 0) {
            return new WaitPercentiles(0, 0, 0, 0);
        }
        double[] sorted = waits.clone();
        Arrays.sort(sorted);
        return new WaitPercentiles(rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }
}
