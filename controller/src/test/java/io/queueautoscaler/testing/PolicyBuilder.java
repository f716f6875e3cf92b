package io.queueautoscaler.testing;

import io.queueautoscaler.policy.Behavior;
import io.queueautoscaler.policy.MetricsSpec;
import io.queueautoscaler.policy.OnMetricFailure;
import io.queueautoscaler.policy.Protection;
import io.queueautoscaler.policy.QueueSpec;
import io.queueautoscaler.policy.ScaleInMode;
import io.queueautoscaler.policy.Scaling;
import io.queueautoscaler.policy.ScalingMode;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.Target;
import io.queueautoscaler.policy.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Builds policies for tests from the records' own constructors, as the parser would, with the
 * documented defaults unless a test says otherwise: {@link #policy()} starts from the defaults, the
 * presets from a shape several tests share; either can be changed further before {@link #build()}.
 */
public final class PolicyBuilder {
    public static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs";
    public static final String HIGH = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs-high";
    public static final String LOW = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs-low";

    /** Lets capacity follow the recommendation at once in both directions, with no tolerance band. */
    public static final Behavior IMMEDIATE = new Behavior(
            new Behavior.Rules(0, Behavior.SelectPolicy.Max, List.of(new Behavior.RatePolicy(Behavior.RatePolicy.Type.Instances, 1000, 1)), 0),
            new Behavior.Rules(0, Behavior.SelectPolicy.Max, List.of(new Behavior.RatePolicy(Behavior.RatePolicy.Type.Percent, 100, 1)), 0));

    /** Tenfold growth or any shrink per 15 s, no window, no tolerance: nothing hides the arithmetic. */
    public static final Behavior TENFOLD = new Behavior(
            new Behavior.Rules(0, Behavior.SelectPolicy.Max, List.of(new Behavior.RatePolicy(Behavior.RatePolicy.Type.Percent, 1000, 15)), 0),
            new Behavior.Rules(0, Behavior.SelectPolicy.Max, List.of(new Behavior.RatePolicy(Behavior.RatePolicy.Type.Percent, 1000, 15)), 0));

    private String name = "jobs";
    private String group = "jobs-workers";
    private int min = 0;
    private int max = 40;
    private final List<QueueSpec> queues = new ArrayList<>();
    private int concurrency = 4;
    private OptionalDouble throughput = OptionalDouble.empty();
    private int warmup = 120;
    private ScalingMode mode = ScalingMode.latency;
    private double targetBacklog = Scaling.DEFAULT_TARGET_BACKLOG_PER_INSTANCE;
    private Scaling.Steps steps = Scaling.Steps.DEFAULT;
    private long activationBacklog = 1;
    private int activationObservations = 1;
    private Behavior behavior = Behavior.DEFAULT;
    private MetricsSpec metrics = MetricsSpec.DEFAULT;
    private int interval = 15;
    private OnMetricFailure onMetricFailure = OnMetricFailure.DEFAULT;
    private Protection protection = Protection.DEFAULT;
    private ScaleInMode scaleIn = ScaleInMode.setDesired;
    private boolean dryRun = false;

    private PolicyBuilder() {
    }

    /** Policy "jobs" sizing jobs-workers within [0, 40] in latency mode, 4 slots per instance; queue {@link #HIGH} (300 s) unless queues are added. */
    public static PolicyBuilder policy() {
        return new PolicyBuilder();
    }

    /** backlogPerInstance 10 over {@link #QUEUE} (60 s), one slot per instance, {@link #TENFOLD}: the reconciler's and the API's policy. */
    public static PolicyBuilder backlog(String name, String group, int min, int max) {
        return policy().name(name).target(new Target(group, min, max)).queue(QUEUE, 60).workers(Workers.DEFAULT)
                .mode(ScalingMode.backlogPerInstance).targetBacklog(10).behavior(TENFOLD);
    }

    /** One instance per {@code perInstance} messages of {@link #QUEUE} (60 s), no warmup: the simulator's backlog policy. */
    public static PolicyBuilder backlogPerInstance(Target target, double perInstance, int concurrency, int intervalSeconds,
                                                   Behavior behavior) {
        return policy().target(target).queue(QUEUE, 60).learning(concurrency, 0).mode(ScalingMode.backlogPerInstance)
                .targetBacklog(perInstance).interval(intervalSeconds).behavior(behavior);
    }

    /** Latency mode over {@link #QUEUE} with the default behavior: the simulator's latency policy. */
    public static PolicyBuilder latency(Target target, int targetWaitSeconds, int concurrency, int warmupSeconds) {
        return policy().target(target).queue(QUEUE, targetWaitSeconds).learning(concurrency, warmupSeconds);
    }

    /** Behavior with both stabilization windows and no rate limits, to test one stage at a time. */
    public static Behavior unlimited(int upWindow, int downWindow) {
        return new Behavior(new Behavior.Rules(upWindow, Behavior.SelectPolicy.Max, List.of(), 0),
                new Behavior.Rules(downWindow, Behavior.SelectPolicy.Max, List.of(), 0));
    }

    public PolicyBuilder name(String value) {
        name = value;
        return this;
    }

    public PolicyBuilder target(Target value) {
        group = value.autoScalingGroupName();
        return bounds(value.minCapacity(), value.maxCapacity());
    }

    public PolicyBuilder bounds(int minCapacity, int maxCapacity) {
        min = minCapacity;
        max = maxCapacity;
        return this;
    }

    /** Adds a queue after those already there (queues are in priority order). */
    public PolicyBuilder queue(String url, int targetWaitSeconds) {
        queues.add(new QueueSpec(url, targetWaitSeconds));
        return this;
    }

    /** Workers that declare their throughput. */
    public PolicyBuilder workers(int concurrencyPerInstance, double messagesPerSecondPerInstance, int warmupSeconds) {
        return workers(new Workers(concurrencyPerInstance, OptionalDouble.of(messagesPerSecondPerInstance), warmupSeconds));
    }

    /** Workers whose throughput is learned from observations. */
    public PolicyBuilder learning(int concurrencyPerInstance, int warmupSeconds) {
        return workers(new Workers(concurrencyPerInstance, OptionalDouble.empty(), warmupSeconds));
    }

    public PolicyBuilder workers(Workers value) {
        concurrency = value.concurrencyPerInstance();
        throughput = value.messagesPerSecondPerInstance();
        warmup = value.warmupSeconds();
        return this;
    }

    public PolicyBuilder mode(ScalingMode value) {
        mode = value;
        return this;
    }

    public PolicyBuilder targetBacklog(double perInstance) {
        targetBacklog = perInstance;
        return this;
    }

    public PolicyBuilder steps(Scaling.Steps value) {
        steps = value;
        return this;
    }

    public PolicyBuilder activation(long backlog, int observations) {
        activationBacklog = backlog;
        activationObservations = observations;
        return this;
    }

    public PolicyBuilder scaling(Scaling value) {
        return mode(value.mode()).targetBacklog(value.targetBacklogPerInstance()).steps(value.steps())
                .activation(value.activationBacklog(), value.activationObservations());
    }

    public PolicyBuilder behavior(Behavior value) {
        behavior = value;
        return this;
    }

    public PolicyBuilder metrics(MetricsSpec value) {
        metrics = value;
        return this;
    }

    public PolicyBuilder interval(int seconds) {
        interval = seconds;
        return this;
    }

    public PolicyBuilder onMetricFailure(OnMetricFailure value) {
        onMetricFailure = value;
        return this;
    }

    public PolicyBuilder protection(Protection value) {
        protection = value;
        return this;
    }

    public PolicyBuilder scaleIn(ScaleInMode value) {
        scaleIn = value;
        return this;
    }

    public PolicyBuilder dryRun(boolean value) {
        dryRun = value;
        return this;
    }

    public ScalingPolicy build() {
        List<QueueSpec> specs = queues.isEmpty() ? List.of(new QueueSpec(HIGH, 300)) : queues;
        return new ScalingPolicy(name, new Target(group, min, max), specs, new Workers(concurrency, throughput, warmup),
                new Scaling(mode, targetBacklog, steps, activationBacklog, activationObservations),
                behavior, metrics, interval, onMetricFailure, protection, scaleIn, dryRun);
    }
}
