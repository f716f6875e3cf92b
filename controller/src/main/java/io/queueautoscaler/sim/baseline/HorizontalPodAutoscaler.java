package io.queueautoscaler.sim.baseline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The Kubernetes HPA for AverageValue external metrics with its default behavior, as KEDA configures
 * it. Modelled from the Kubernetes documentation, "Horizontal Pod Autoscaling" (algorithm details;
 * stabilization window; scaling policies), and the controller it describes
 * (pkg/controller/podautoscaler/horizontal.go and replica_calculator.go):
 * <ul>
 * <li>per metric, keep the replicas when |usage / (target * replicas) - 1| <= the tolerance 0.1,
 *     else ceil(usage / target); "if multiple metrics are specified, the HPA evaluates each metric
 *     separately and uses the scaling algorithm to determine the new workload scale based on each
 *     one", and the largest proposal wins;</li>
 * <li>stabilization (stabilizeRecommendationWithBehaviors): the recommendations of the last
 *     stabilizationWindowSeconds (a recommendation counts while its time is after now minus the
 *     window); a scale-up goes no higher than the lowest of the scale-up window (default 0 s: the
 *     newest), a scale-down no lower than the highest of the scale-down window (default 300 s); the
 *     window starts with the current replicas (maybeInitScaleDownStabilizationWindow);</li>
 * <li>rate limits (convertDesiredReplicasWithBehaviorRate): per 15 s period at most max(+100 percent,
 *     +4 pods) up and -100 percent down, counted from the replicas at the start of the period
 *     (current minus the scale-ups plus the scale-downs inside it), never reversing direction;</li>
 * <li>then minReplicas and maxReplicas.</li>
 * </ul>
 */
public final class HorizontalPodAutoscaler {
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

    public HorizontalPodAutoscaler(int minReplicas, int maxReplicas) {
        if (minReplicas < 1 || maxReplicas < minReplicas) {
            throw new IllegalArgumentException("an HPA needs 1 <= minReplicas <= maxReplicas: " + minReplicas + ", " + maxReplicas);
        }
        this.minReplicas = minReplicas;
        this.maxReplicas = maxReplicas;
    }

    /**
     * One sync at second {@code now}: the replicas the HPA sets given each metric's total usage and
     * that metric's per-pod target ({@code usages.get(i)} against {@code targetsPerPod.get(i)}).
     */
    public int sync(long now, int currentReplicas, List<Double> usages, List<Double> targetsPerPod) {
        if (usages.size() != targetsPerPod.size()) {
            throw new IllegalArgumentException(usages.size() + " metric(s) but " + targetsPerPod.size() + " target(s)");
        }
        int proposal = 0;
        for (int i = 0; i < usages.size(); i++) {
            proposal = Math.max(proposal, replicasFor(usages.get(i), targetsPerPod.get(i), currentReplicas));
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
        if (recommendations.isEmpty()) {
            recommendations.addLast(new long[] {now, current});
        }
        while (!recommendations.isEmpty() && recommendations.peekFirst()[0] <= now - SCALE_DOWN_WINDOW_SECONDS) {
            recommendations.removeFirst();
        }
        long highest = proposal;
        for (long[] r : recommendations) {
            highest = Math.max(highest, r[1]);
        }
        recommendations.addLast(new long[] {now, proposal});
        return (int) Math.min(Math.max(current, proposal), highest);
    }

    private int limitRate(long now, int current, int stabilized) {
        while (!scaleEvents.isEmpty() && scaleEvents.peekFirst()[0] <= now - PERIOD_SECONDS) {
            scaleEvents.removeFirst();
        }
        long change = 0;
        for (long[] e : scaleEvents) {
            change += e[1];
        }
        int periodStart = (int) Math.max(0, current - change);
        int result = stabilized;
        if (result > current) {
            int limit = Math.max((int) Math.ceil(periodStart * (1 + SCALE_UP_PERCENT / 100.0)), periodStart + SCALE_UP_PODS);
            result = Math.min(result, Math.max(current, Math.min(limit, maxReplicas)));
        } else if (result < current) {
            int limit = (int) Math.floor(periodStart * (1 - SCALE_DOWN_PERCENT / 100.0));
            result = Math.max(result, Math.min(current, Math.max(limit, minReplicas)));
        }
        return Math.max(minReplicas, Math.min(maxReplicas, result));
    }
}
