package io.queueautoscaler.sim.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.Target;
import io.queueautoscaler.sim.RunResult;
import io.queueautoscaler.sim.ServiceTime;
import io.queueautoscaler.sim.Simulation;
import io.queueautoscaler.sim.TraceWorkload;
import io.queueautoscaler.sim.TraceWorkloads;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each baseline keeps its product's documented timing. */
class BaselineTimingTest {
    private static final Target ONE_TO_TWENTY = new Target("workers", 1, 20);

    @Test
    void targetTrackingDoesNotScaleInBeforeFifteenOneMinuteDatapointsBelowTarget() {
        TraceWorkload idle = TraceWorkloads.of(5, 0, 1, ServiceTime.constant(10), 10, new int[1200]);

        Map<Long, Integer> desired = desiredBySecond(new Simulation(idle, ONE_TO_TWENTY).run(new AwsTargetTracking(1)));

        // datapoints close each minute and are published a minute later: the 15th (minute 15) at 960 s
        assertThat(desired).containsEntry(900L, 5).containsEntry(960L, 1);
        assertThat(desired.entrySet()).filteredOn(e -> e.getKey() < 960).allMatch(e -> e.getValue() == 5);
    }

    @Test
    void targetTrackingScalesOutAfterThreeDatapointsAboveTarget() {
        TraceWorkload flood = TraceWorkloads.of(1, 0, 1, ServiceTime.constant(10), 10, TraceWorkloads.steady(600, 1));

        Map<Long, Integer> desired = desiredBySecond(new Simulation(flood, ONE_TO_TWENTY).run(new AwsTargetTracking(1)));

        assertThat(desired).containsEntry(180L, 1).containsEntry(240L, 20);
    }

    @Test
    void stepScalingWaitsOutTheCooldownAfterItsInstancesBoot() {
        TraceWorkload flood = TraceWorkloads.of(1, 30, 1, ServiceTime.constant(100), 10, TraceWorkloads.steady(1200, 1));

        Map<Long, Integer> desired = desiredBySecond(new Simulation(flood, ONE_TO_TWENTY).run(new AwsStepScaling(10)));

        // two breaching datapoints are published by 180 s; the next action waits 30 s boot + 300 s cooldown
        assertThat(desired).containsEntry(120L, 1).containsEntry(180L, 2).containsEntry(480L, 2).containsEntry(540L, 3);
    }

    @Test
    void stepScalingScalesInTwoAtATimeWhenTheQueueStaysBelowTheLowThreshold() {
        TraceWorkload idle = TraceWorkloads.of(6, 0, 1, ServiceTime.constant(1), 10, new int[900]);

        Map<Long, Integer> desired = desiredBySecond(new Simulation(idle, ONE_TO_TWENTY).run(new AwsStepScaling(10)));

        assertThat(desired).containsEntry(120L, 6).containsEntry(180L, 4).containsEntry(420L, 4).containsEntry(480L, 2);
    }

    @Test
    void kedaDoesNotScaleToZeroBeforeTheCooldownPeriod() {
        TraceWorkload once = TraceWorkloads.of(0, 0, 1, ServiceTime.constant(5), 10, TraceWorkloads.burst(600, 0, 1));
        Target zeroToTwenty = new Target("workers", 0, 20);

        Map<Long, Integer> desired = desiredBySecond(new Simulation(once, zeroToTwenty).run(new Keda(1)));

        // active at 0 only; the operator checks every 30 s and waits more than 300 s after the last activity
        assertThat(desired.entrySet()).filteredOn(e -> e.getKey() <= 300).allMatch(e -> e.getValue() == 1);
        assertThat(desired).containsEntry(330L, 0);
    }

    @Test
    void kedaActivatesFromZeroAtTheNextPollingInterval() {
        TraceWorkload late = TraceWorkloads.of(0, 0, 1, ServiceTime.constant(5), 10, TraceWorkloads.burst(200, 31, 1));

        Map<Long, Integer> desired = desiredBySecond(new Simulation(late, new Target("workers", 0, 20)).run(new Keda(1)));

        assertThat(desired).containsEntry(45L, 0).containsEntry(60L, 1);
    }

    private static Map<Long, Integer> desiredBySecond(RunResult run) {
        Map<Long, Integer> desired = new LinkedHashMap<>();
        run.timeline().forEach(row -> desired.put(row.second(), row.desired()));
        return desired;
    }
}
