package io.queueautoscaler.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds policies and observations for tests from the records' own constructors, with the
 * documented defaults unless a test says otherwise.
 */
final class PolicyFixture {
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    static final String HIGH = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs-high";
    static final String LOW = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs-low";

    private ScalingMode mode = ScalingMode.latency;
    private int min = 0;
    private int max = 40;
    private final List<QueueSpec> queues = new ArrayList<>();
    private int concurrency = 4;
    private double throughput = 0;
    private int warmup = 120;
    private double targetBacklog = Scaling.DEFAULT_TARGET_BACKLOG_PER_INSTANCE;
    private Scaling.Steps steps = Scaling.Steps.DEFAULT;
    private long activationBacklog = 1;
    private int activationObservations = 1;
    private Behavior behavior = Behavior.DEFAULT;
    private MetricsSpec metrics = MetricsSpec.DEFAULT;
    private int interval = 15;
    private OnMetricFailure onMetricFailure = OnMetricFailure.DEFAULT;

    static PolicyFixture policy() {
        return new PolicyFixture();
    }

    PolicyFixture mode(ScalingMode value) {
        mode = value;
        return this;
    }

    PolicyFixture bounds(int minCapacity, int maxCapacity) {
        min = minCapacity;
        max = maxCapacity;
        return this;
    }

    PolicyFixture queue(String url, int targetWaitSeconds) {
        queues.add(new QueueSpec(url, targetWaitSeconds));
        return this;
    }

    PolicyFixture workers(int concurrencyPerInstance, double messagesPerSecondPerInstance, int warmupSeconds) {
        concurrency = concurrencyPerInstance;
        throughput = messagesPerSecondPerInstance;
        warmup = warmupSeconds;
        return this;
    }

    PolicyFixture targetBacklog(double perInstance) {
        targetBacklog = perInstance;
        return this;
    }

    PolicyFixture steps(Scaling.Steps value) {
        steps = value;
        return this;
    }

    PolicyFixture activation(long backlog, int observations) {
        activationBacklog = backlog;
        activationObservations = observations;
        return this;
    }

    PolicyFixture behavior(Behavior value) {
        behavior = value;
        return this;
    }

    PolicyFixture metrics(MetricsSpec value) {
        metrics = value;
        return this;
    }

    PolicyFixture interval(int seconds) {
        interval = seconds;
        return this;
    }

    PolicyFixture onMetricFailure(OnMetricFailure value) {
        onMetricFailure = value;
        return this;
    }

    ScalingPolicy build() {
        List<QueueSpec> specs = queues.isEmpty() ? List.of(new QueueSpec(HIGH, 300)) : queues;
        return new ScalingPolicy("jobs", new Target("jobs-workers", min, max), specs,
                new Workers(concurrency, throughput, warmup),
                new Scaling(mode, targetBacklog, steps, activationBacklog, activationObservations),
                behavior, metrics, interval, onMetricFailure, Protection.DEFAULT, ScaleInMode.setDesired, false);
    }

    /** Behavior with both stabilization windows and no rate limits, to test one stage at a time. */
    static Behavior unlimited(int upWindow, int downWindow) {
        return new Behavior(new Behavior.Rules(upWindow, Behavior.SelectPolicy.Max, List.of(), 0),
                new Behavior.Rules(downWindow, Behavior.SelectPolicy.Max, List.of(), 0));
    }

    static Instant at(long seconds) {
        return START.plusSeconds(seconds);
    }

    static FleetSnapshot fleet(int desired, int inService, int booting, int leased) {
        return new FleetSnapshot(desired, inService, booting, leased);
    }

    /** A steady fleet: everything desired is in service. */
    static FleetSnapshot fleet(int desired) {
        return new FleetSnapshot(desired, desired, 0, 0);
    }

    static QueueDepth depth(String url, long visible, long inFlight) {
        return QueueDepth.of(url, visible, inFlight, 0);
    }

    static Observation observe(long seconds, FleetSnapshot fleet, QueueDepth... queues) {
        return Observation.of(at(seconds), fleet, List.of(queues));
    }
}
