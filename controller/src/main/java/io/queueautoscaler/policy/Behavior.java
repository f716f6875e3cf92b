package io.queueautoscaler.policy;

import java.util.List;
import java.util.Objects;

/**
 * Kubernetes HPA {@code behavior}: per direction, a stabilization window, rate-limit policies and
 * how to pick among them. Defaults are the HPA's (autoscaling/v2 HorizontalPodAutoscalerBehavior).
 */
public record Behavior(Rules scaleUp, Rules scaleDown) {

    public static final double DEFAULT_TOLERANCE = 0.1;

    public static final Rules DEFAULT_SCALE_UP = new Rules(0, SelectPolicy.Max, List.of(
            new RatePolicy(RatePolicy.Type.Percent, 100, 15),
            new RatePolicy(RatePolicy.Type.Instances, 4, 15)), DEFAULT_TOLERANCE);

    public static final Rules DEFAULT_SCALE_DOWN = new Rules(300, SelectPolicy.Max, List.of(
            new RatePolicy(RatePolicy.Type.Percent, 100, 15)), DEFAULT_TOLERANCE);

    public static final Behavior DEFAULT = new Behavior(DEFAULT_SCALE_UP, DEFAULT_SCALE_DOWN);

    /** Evaluations whose recommendations must agree before latency mode's default scale-down. */
    public static final int LATENCY_SCALE_DOWN_EVALUATIONS = 4;

    /**
     * Latency mode's defaults, where the HPA's would undo what the mode computes: it asks for a
     * whole number of instances, so there is no ratio to damp (tolerance 0); it sizes a scale-out
     * to the backlog it must start in time, which the HPA's +4 or x2 per 15 s would take minutes
     * to reach (no scale-up limit: maxCapacity bounds it); and it keeps the capacity recurring
     * bursts need itself, from the traffic it has seen, so the scale-down window only has to
     * outlast one noisy estimate: {@link #LATENCY_SCALE_DOWN_EVALUATIONS} evaluations instead of
     * five minutes of idle instances.
     */
    public static Behavior latencyDefault(int evaluationIntervalSeconds) {
        int window = Math.min(3600, LATENCY_SCALE_DOWN_EVALUATIONS * evaluationIntervalSeconds);
        return new Behavior(new Rules(0, SelectPolicy.Max, List.of(), 0),
                new Rules(window, SelectPolicy.Max, DEFAULT_SCALE_DOWN.policies(), 0));
    }

    /** The defaults of a mode: latency mode's own, the HPA's for the proportional and step modes. */
    public static Behavior defaultFor(ScalingMode mode, int evaluationIntervalSeconds) {
        return mode == ScalingMode.latency ? latencyDefault(evaluationIntervalSeconds) : DEFAULT;
    }

    public Behavior {
        Objects.requireNonNull(scaleUp, "scaleUp");
        Objects.requireNonNull(scaleDown, "scaleDown");
    }

    public enum SelectPolicy { Max, Min, Disabled }

    /** HPAScalingRules; {@code tolerance} as in Kubernetes 1.33's configurable tolerance. */
    public record Rules(int stabilizationWindowSeconds, SelectPolicy selectPolicy, List<RatePolicy> policies, double tolerance) {
        public Rules {
            if (stabilizationWindowSeconds < 0 || stabilizationWindowSeconds > 3600) {
                throw new IllegalArgumentException("stabilizationWindowSeconds must be within 0..3600: " + stabilizationWindowSeconds);
            }
            Objects.requireNonNull(selectPolicy, "selectPolicy");
            policies = List.copyOf(policies);
            if (tolerance < 0 || tolerance >= 1) {
                throw new IllegalArgumentException("tolerance must be within [0, 1): " + tolerance);
            }
        }
    }

    /** HPAScalingPolicy: at most {@code value} instances (or percent) of change per period. */
    public record RatePolicy(Type type, int value, int periodSeconds) {
        public enum Type { Instances, Percent }

        public RatePolicy {
            Objects.requireNonNull(type, "type");
            if (value < 1) {
                throw new IllegalArgumentException("a rate policy's value must be at least 1: " + value);
            }
            if (periodSeconds < 1 || periodSeconds > 1800) {
                throw new IllegalArgumentException("periodSeconds must be within 1..1800: " + periodSeconds);
            }
        }
    }
}
