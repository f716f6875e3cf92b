package io.queueautoscaler.sim.baseline;

import io.queueautoscaler.policy.Target;
import io.queueautoscaler.sim.Algorithm;
import io.queueautoscaler.sim.TraceWorkload;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The products we measure against, each configured as its own documentation recommends for the
 * scenario's SLO and service time, with its one knob scaled by {@code scale} (1 = documented).
 * With several queues, the tightest queue sets the knob.
 */
public enum Baseline {
    AWS_STEP(AwsStepScaling.NAME, "alarmThreshold"),
    AWS_TARGET_TRACKING(AwsTargetTracking.NAME, "targetBacklogPerInstance"),
    KEDA(Keda.NAME, "queueLength");

    private final String algorithmName;
    private final String parameter;

    Baseline(String algorithmName, String parameter) {
        this.algorithmName = algorithmName;
        this.parameter = parameter;
    }

    public String algorithmName() {
        return algorithmName;
    }

    /** The knob {@code --tune} scales. */
    public String parameter() {
        return parameter;
    }

    public static Baseline named(String name) {
        for (Baseline b : values()) {
            if (b.algorithmName.equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown baseline " + name + "; choose one of "
                + Arrays.stream(values()).map(Baseline::algorithmName).collect(Collectors.joining(", ")) + " or all");
    }

    /** The group's bounds: the policy's, but target tracking needs an instance in service to have a metric. */
    Target bounds(Target policyTarget) {
        if (this == AWS_TARGET_TRACKING && policyTarget.minCapacity() == 0) {
            return new Target(policyTarget.autoScalingGroupName(), 1, Math.max(1, policyTarget.maxCapacity()));
        }
        return policyTarget;
    }

    Algorithm configure(TraceWorkload workload, double scale) {
        return switch (this) {
            case AWS_STEP -> new AwsStepScaling(acceptableBacklogPerInstance(workload) * scale);
            case AWS_TARGET_TRACKING -> new AwsTargetTracking(acceptableBacklogPerInstance(workload) * scale);
            case KEDA -> new Keda(Math.max(1, Math.round(acceptableBacklogPerInstance(workload) * scale)));
        };
    }

    /**
     * AWS's "acceptable backlog per instance": acceptable latency divided by the average time an
     * instance takes per message, which for concurrencyPerInstance slots is mean / concurrency.
     */
    static double acceptableBacklogPerInstance(TraceWorkload workload) {
        int concurrency = workload.scenario().fleet().concurrencyPerInstance();
        double tightest = Double.POSITIVE_INFINITY;
        for (int q = 0; q < workload.queues(); q++) {
            tightest = Math.min(tightest, workload.maxWaitSeconds(q) * concurrency / workload.meanServiceSeconds(q));
        }
        return tightest;
    }
}
