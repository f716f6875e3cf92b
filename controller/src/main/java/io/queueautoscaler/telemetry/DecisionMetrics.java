package io.queueautoscaler.telemetry;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionLog;
import io.queueautoscaler.history.ForwardingDecisionLog;
import io.queueautoscaler.policy.QueueSpec;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.recommend.FleetSnapshot;
import io.queueautoscaler.recommend.LatencyEstimates;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.recommend.QueueEstimate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The Prometheus series of each decision as it is recorded: the group's capacity, each queue's
 * depth and latency estimates, the throughput planned with, and a count of decisions by action,
 * outcome and reason. Policies, groups and queues are labels, never part of a name.
 *
 * <p>A decision that could not see the group (or the queues) leaves those gauges at their last
 * value rather than dropping them to 0; {@code queue_autoscaler_fleet_observed_timestamp_seconds}
 * and {@code queue_autoscaler_queues_observed_timestamp_seconds} tell how old that value is.
 */
public final class DecisionMetrics extends ForwardingDecisionLog {
    private final Function<String, Optional<ScalingPolicy>> policies;
    private final Counter decisions;
    private final Gauge desired;
    private final Gauge inService;
    private final Gauge leased;
    private final Gauge recommended;
    private final Gauge fleetObserved;
    private final Gauge visible;
    private final Gauge inFlight;
    private final Gauge queuesObserved;
    private final Gauge oldestAge;
    private final Gauge targetWait;
    private final Gauge arrivalRate;
    private final Gauge throughput;
    private final List<Gauge> gauges;

    /** {@code policies} finds a policy in force by name, for its group and its queues' targets. */
    public DecisionMetrics(DecisionLog delegate, PrometheusRegistry registry,
                           Function<String, Optional<ScalingPolicy>> policies) {
        super(delegate);
        this.policies = policies;
        decisions = Counter.builder().name("queue_autoscaler_decisions_total")
                .help("Decisions recorded, by policy, action (FAILED for a failed evaluation), outcome and reason")
                .labelNames("policy", "group", "action", "outcome", "reason").register(registry);
        desired = groupGauge(registry, "queue_autoscaler_desired_instances",
                "The group's desired capacity as last observed");
        inService = groupGauge(registry, "queue_autoscaler_in_service_instances",
                "The group's instances in service as last observed");
        leased = groupGauge(registry, "queue_autoscaler_leased_instances",
                "The group's instances under a live protection lease as last observed");
        recommended = groupGauge(registry, "queue_autoscaler_recommended_instances",
                "The capacity the policy's scaling mode recommended at its last observed evaluation, before limits");
        fleetObserved = groupGauge(registry, "queue_autoscaler_fleet_observed_timestamp_seconds",
                "When the group was last observed (Unix time): the capacity gauges are that old");
        visible = queueGauge(registry, "queue_autoscaler_queue_visible_messages",
                "Messages waiting in the queue (ApproximateNumberOfMessages) as last read");
        inFlight = queueGauge(registry, "queue_autoscaler_queue_in_flight_messages",
                "Messages received and not yet deleted (ApproximateNumberOfMessagesNotVisible) as last read");
        queuesObserved = groupGauge(registry, "queue_autoscaler_queues_observed_timestamp_seconds",
                "When the policy's queues were last read (Unix time): the queue gauges are that old");
        oldestAge = queueGauge(registry, "queue_autoscaler_queue_oldest_message_age_seconds",
                "Latency mode: the estimated wait of the queue's oldest waiting message");
        targetWait = queueGauge(registry, "queue_autoscaler_queue_target_wait_seconds",
                "Latency mode: the queue's targetWaitSeconds, the wait its messages should start within");
        arrivalRate = queueGauge(registry, "queue_autoscaler_queue_arrival_rate_messages_per_second",
                "Latency mode: the queue's fast arrival rate as estimated");
        throughput = Gauge.builder().name("queue_autoscaler_throughput_per_instance_messages_per_second")
                .help("Latency mode: the messages per second one instance processes, as planned with; "
                        + "source is declared (the policy's), learned (observed) or assumed (a default)")
                .labelNames("policy", "group", "source").register(registry);
        gauges = List.of(desired, inService, leased, recommended, fleetObserved, visible, inFlight,
                queuesObserved, oldestAge, targetWait, arrivalRate, throughput);
    }

    private static Gauge groupGauge(PrometheusRegistry registry, String name, String help) {
        return Gauge.builder().name(name).help(help).labelNames("policy", "group").register(registry);
    }

    private static Gauge queueGauge(PrometheusRegistry registry, String name, String help) {
        return Gauge.builder().name(name).help(help).labelNames("policy", "group", "queue").register(registry);
    }

    @Override
    public Decision append(Decision decision) {
        // Counted before storing: when the database is down the FAILED count must still rise.
        Optional<ScalingPolicy> policy = policies.apply(decision.policy());
        String name = decision.policy();
        String group = policy.map(ScalingPolicy::autoScalingGroupName).orElse("");
        decisions.labelValues(name, group, decision.actionName(), decision.outcome().name(), decision.reason().name()).inc();
        double seconds = decision.time().toEpochMilli() / 1000.0;
        decision.inputs().fleet().ifPresent(fleet -> observeFleet(name, group, fleet, decision, seconds));
        if (!decision.inputs().queues().isEmpty()) {
            for (QueueDepth depth : decision.inputs().queues()) {
                String queue = QueueSpec.nameOf(depth.url());
                visible.labelValues(name, group, queue).set(depth.visible());
                inFlight.labelValues(name, group, queue).set(depth.inFlight());
            }
            queuesObserved.labelValues(name, group).set(seconds);
        }
        decision.inputs().estimates().flatMap(e -> e.latency())
                .ifPresent(latency -> observeLatency(name, group, latency, policy));
        return super.append(decision);
    }

    private void observeFleet(String name, String group, FleetSnapshot fleet, Decision decision, double seconds) {
        desired.labelValues(name, group).set(fleet.desired());
        inService.labelValues(name, group).set(fleet.inService());
        leased.labelValues(name, group).set(fleet.leased());
        decision.recommendedCapacity().ifPresent(capacity -> recommended.labelValues(name, group).set(capacity));
        fleetObserved.labelValues(name, group).set(seconds);
    }

    private void observeLatency(String name, String group, LatencyEstimates latency, Optional<ScalingPolicy> policy) {
        // One source at a time: the series of a source no longer used goes.
        throughput.removeIf(labels -> labels.get(0).equals(name) && !labels.get(2).equals(latency.throughputSource()));
        if (Double.isFinite(latency.throughputPerInstance())) {
            throughput.labelValues(name, group, latency.throughputSource()).set(latency.throughputPerInstance());
        }
        for (QueueEstimate q : latency.queues()) {
            oldestAge.labelValues(name, group, q.queue()).set(q.oldestWaitSeconds());
            arrivalRate.labelValues(name, group, q.queue()).set(q.arrivalRate());
        }
        policy.ifPresent(p -> p.queues().forEach(spec ->
                targetWait.labelValues(name, group, spec.name()).set(spec.targetWaitSeconds())));
    }

    /** Drops the series of policies no longer in force, so a removed policy stops reporting. */
    public void retain(Set<String> policyNames) {
        decisions.removeIf(labels -> !policyNames.contains(labels.get(0)));
        gauges.forEach(gauge -> gauge.removeIf(labels -> !policyNames.contains(labels.get(0))));
    }
}
