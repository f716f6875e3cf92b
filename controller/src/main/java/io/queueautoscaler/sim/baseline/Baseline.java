package io.queueautoscaler.sim.baseline;

import io.queueautoscaler.policy.Target;
import io.queueautoscaler.sim.Algorithm;
import io.queueautoscaler.sim.TraceWorkload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The products we measure against, each configured as its own documentation recommends for the
 * scenario's SLO and service time, with its one knob scaled by {@code scale} (1 = documented).
 * With several queues, KEDA gets one trigger per queue with that queue's own queueLength, all
 * scaled together; the AWS recipes alarm on one metric, the queues' total visible messages, so the
 * tightest queue sets their threshold or target.
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
            case KEDA -> new Keda(queueLengths(workload, scale));
        };
    }

    /** Each queue's trigger: its acceptable backlog per instance, scaled, as KEDA's integer queueLength. */
    static List<Long> queueLengths(TraceWorkload workload, double scale) {
        List<Long> lengths = new ArrayList<>();
        for (int q = 0; q < workload.queues(); q++) {
            lengths.add(Math.max(1, Math.round(acceptableBacklogPerInstance(workload, q) * scale)));
        }
        return lengths;
    }

    /** The tightest queue's acceptable backlog per instance. */
    static double acceptableBacklogPerInstance(TraceWorkload workload) {
        double tightest = Double.POSITIVE_INFINITY;
        for (int q = 0; q < workload.queues(); q++) {
            tightest = Math.min(tightest, acceptableBacklogPerInstance(workload, q));
        }
        return tightest;
    }

    /**
     * AWS's "acceptable backlog per instance" for one queue: acceptable latency divided by the
     * average time an instance takes per message, which for concurrencyPerInstance slots is
     * mean / concurrency.
     */
    static double acceptableBacklogPerInstance(TraceWorkload workload, int queue) {
        int concurrency = workload.scenario().fleet().concurrencyPerInstance();
        return workload.maxWaitSeconds(queue) * concurrency / workload.meanServiceSeconds(queue);
    }
}
