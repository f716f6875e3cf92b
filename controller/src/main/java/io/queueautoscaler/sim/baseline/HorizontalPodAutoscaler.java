package io.queueautoscaler.sim.baseline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The Kubernetes HPA (pkg/controller/podautoscaler) for AverageValue external metrics with its
 * default behavior, as KEDA configures it: per metric, keep the replicas when
 * |usage / (target * replicas) - 1| <= tolerance 0.1, else ceil(usage / target); the largest
 * proposal wins; then scale-up takes the newest recommendation (stabilizationWindowSeconds 0) and
 * is limited per 15 s period to max(+100 percent, +4 pods); scale-down takes the highest
 * recommendation of the last 300 s and is limited to -100 percent per 15 s; then min and max.
 */
final class HorizontalPodAutoscaler {
    static final double TOLERANCE = 0.1;
    static final int SCALE_DOWN_WINDOW_SECONDS = 300;
    static final int PERIOD_SECONDS = 15;
    static final int SCALE_UP_PERCENT = 100;
    static final int SCALE_UP_PODS = 4;
    static final int SCALE_DOWN_PERCENT = 100;

    private final int minReplicas;
    private final int maxReplicas;
    private final Deque<long[]> recommendations = new ArrayDeque<>();
    private final Deque<long[]> scaleEvents = new ArrayDeque<>();

    HorizontalPodAutoscaler(int minReplicas, int maxReplicas) {
        if (minReplicas < 1 || maxReplicas < minReplicas) {
            throw new IllegalArgumentException("an HPA needs 1 <= minReplicas <= maxReplicas: " + minReplicas + ", " + maxReplicas);
        }
        this.minReplicas = minReplicas;
        this.maxReplicas = maxReplicas;
    }

    /** One sync: the replicas the HPA sets given each metric's total usage and the per-pod target. */
    int sync(long now, int currentReplicas, List<Double> usages, double targetPerPod) {
        int proposal = 0;
        for (double usage : usages) {
            proposal = Math.max(proposal, replicasFor(usage, targetPerPod, currentReplicas));
        }
        int stabilized = stabilize(now, currentReplicas, proposal);
        int desired = limitRate(now, currentReplicas, stabilized);
        if (desired != currentReplicas) {
            scaleEvents.addLast(new long[] {now, desired - currentReplicas});
        }
        return desired;
    }

    static int replicasFor(double usage, double targetPerPod, int currentReplicas) {
        double ratio = usage / (targetPerPod * currentReplicas);
        if (Math.abs(ratio - 1) <= TOLERANCE) {
            return currentReplicas;
        }
        return (int) Math.ceil(usage / targetPerPod);
    }

    private int stabilize(long now, int current, int proposal) {
        recommendations.addLast(new long[] {now, proposal});
        while (recommendations.peekFirst()[0] < now - SCALE_DOWN_WINDOW_SECONDS) {
            recommendations.removeFirst();
        }
        long highest = proposal;
        for (long[] r : recommendations) {
            highest = Math.max(highest, r[1]);
        }
        int result = current;
        if (result < proposal) {
            result = proposal;
        }
        if (result > highest) {
            result = (int) highest;
        }
        return result;
    }

    private int limitRate(long now, int current, int stabilized) {
        while (!scaleEvents.isEmpty() && scaleEvents.peekFirst()[0] <= now - PERIOD_SECONDS) {
            scaleEvents.removeFirst();
        }
        long added = 0;
        long removed = 0;
        for (long[] e : scaleEvents) {
            if (e[1] > 0) {
                added += e[1];
            } else {
                removed -= e[1];
            }
        }
        int result = stabilized;
        if (result > current) {
            int periodStart = (int) (current - added);
            int limit = Math.max((int) Math.ceil(periodStart * (1 + SCALE_UP_PERCENT / 100.0)), periodStart + SCALE_UP_PODS);
            result = Math.min(result, Math.min(limit, maxReplicas));
        } else if (result < current) {
            int periodStart = (int) (current + removed);
            int limit = (int) Math.floor(periodStart * (1 - SCALE_DOWN_PERCENT / 100.0));
            result = Math.max(result, Math.max(limit, minReplicas));
        }
        return Math.max(minReplicas, Math.min(maxReplicas, result));
    }
}
