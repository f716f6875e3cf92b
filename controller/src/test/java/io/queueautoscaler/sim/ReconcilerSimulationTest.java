package io.queueautoscaler.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.InMemoryDecisionLog;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.recommend.FleetSnapshot;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.testing.PolicyBuilder;
import org.junit.jupiter.api.Test;

/** The daemon's own reconcile loop, driven through a scripted scenario: its decision trace is pinned. */
class ReconcilerSimulationTest {

    @Test
    void aBurstIsServedByTheReconcilerScalingOutThenBackToZero() {
        // 40 messages of 5 s in second 5; instances boot for 20 s and serve 2 at a time;
        // the policy wants one instance per 4 messages of backlog (visible plus in flight)
        TraceWorkload burst = TraceWorkloads.of(0, 20, 2, ServiceTime.constant(5), 60, TraceWorkloads.burst(60, 5, 40));
        ScalingPolicy policy = PolicyBuilder.backlogPerInstance(TraceWorkloads.GROUP, 4, 2, 10, PolicyBuilder.IMMEDIATE).build();
        InMemoryDecisionLog log = new InMemoryDecisionLog(100);

        RunResult run = new Simulation(burst, policy.target()).run(new ReconcilerAlgorithm(policy, log));

        assertThat(log.all()).extracting(ReconcilerSimulationTest::trace).containsExactly(
                "0s 0->0 NONE UNCHANGED",       // nothing yet
                "10s 0->10 SCALE_OUT APPLIED",  // 40 visible / 4
                "20s 10->10 NONE UNCHANGED",    // still booting
                "30s 10->10 NONE UNCHANGED",    // in service: 20 in flight + 20 visible
                "40s 10->0 SCALE_IN APPLIED",   // the second 20 completed at 40
                "50s 0->0 NONE UNCHANGED",
                "60s 0->0 NONE UNCHANGED");
        Summary summary = run.summary();
        // 10 instances from 10 s to 40 s; the last to start arrived at 5.475 and started at 35
        assertThat(summary.instanceSeconds()).isEqualTo(300.0);
        assertThat(summary.busySlotSeconds()).isEqualTo(200.0);
        assertThat(summary.waitSeconds().max()).isEqualTo(35 - (5 + 20.0 / 40));
        assertThat(summary.scalingActions()).isEqualTo(2);
        assertThat(summary.directionChanges()).isEqualTo(1);
        assertThat(summary.peakCapacity()).isEqualTo(10);
    }

    @Test
    void decisionsRecordTheSimulatedQueueAndFleetAsInputs() {
        TraceWorkload burst = TraceWorkloads.of(0, 20, 2, ServiceTime.constant(5), 60, TraceWorkloads.burst(60, 5, 40));
        ScalingPolicy policy = PolicyBuilder.backlogPerInstance(TraceWorkloads.GROUP, 4, 2, 10, PolicyBuilder.IMMEDIATE).build();
        InMemoryDecisionLog log = new InMemoryDecisionLog(100);

        new Simulation(burst, policy.target()).run(new ReconcilerAlgorithm(policy, log));

        Decision atThirty = log.all().get(3);
        assertThat(atThirty.time().getEpochSecond()).isEqualTo(30);
        assertThat(atThirty.inputs().queues()).containsExactly(new QueueDepth(PolicyBuilder.QUEUE, 20, 20, 0));
        assertThat(atThirty.inputs().fleet()).contains(new FleetSnapshot(10, 10, 10, policy.target().minCapacity(),
                policy.target().maxCapacity()));
    }

    @Test
    void theWorkersLeaseEachMessageSoTheDecisionsLearnTheRateFromTheirTasks() {
        // 4 messages a second for 100 s, each served in exactly 1 s by one of 2 slots per instance:
        // an instance does 2 msg/s, which only the leases' hold times tell (the backlog never drains)
        TraceWorkload steady = TraceWorkloads.of(3, 0, 2, ServiceTime.constant(1), 60, TraceWorkloads.steady(100, 4));
        ScalingPolicy policy = PolicyBuilder.latency(TraceWorkloads.GROUP, 60, 2, 0).build();
        InMemoryDecisionLog log = new InMemoryDecisionLog(100);

        new Simulation(steady, policy.target()).run(new ReconcilerAlgorithm(policy, log));

        // arrivals are spread evenly within each second and end 1 s later: by 60 s the 237 that arrived
        // by 59.0 s are done, each lease handed to the evaluations once
        assertThat(log.all()).filteredOn(d -> d.time().getEpochSecond() == 60).singleElement()
                .extracting(Decision::message).asString()
                .contains("2.00 msg/s/instance (learned from 237 leased tasks)");
    }

    private static String trace(Decision d) {
        return d.time().getEpochSecond() + "s " + Decision.orNull(d.currentCapacity()) + "->" + Decision.orNull(d.desiredCapacity()) + " " + d.action()
                + " " + d.outcome();
    }
}
