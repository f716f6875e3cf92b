package io.queueautoscaler.sim.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.Target;
import io.queueautoscaler.sim.RunResult;
import io.queueautoscaler.sim.ServiceTime;
import io.queueautoscaler.sim.Simulation;
import io.queueautoscaler.sim.TraceWorkload;
import io.queueautoscaler.sim.TraceWorkloads;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
    void stepScalingKeepsRespondingWhileItsInstancesWarmUpAndAddsOnlyTheDifference() {
        // 10 instances busy for good, one arrival a second: the visible backlog at the end of
        // minute m is about 60 m - 10 (51 at 60 s, 111 at 120 s, 171 at 180 s, 231 at 240 s)
        TraceWorkload flood = TraceWorkloads.of(10, 600, 1, ServiceTime.constant(10_000), 10, TraceWorkloads.steady(600, 1));

        Map<Long, Integer> desired = desiredBySecond(new Simulation(flood, ONE_TO_TWENTY).run(new AwsStepScaling(45)));

        // 120 s: one datapoint published, the alarm needs two
        assertThat(desired).containsEntry(120L, 10);
        // 180 s: 111 breaches 45 by 66, in [45, 90): +20 percent of 10 warm instances
        assertThat(desired).containsEntry(180L, 12);
        // 240 s: 171 breaches by 126 >= 90: +30 percent of the same 10 warm instances (the two new
        // ones warm up for 600 s), so 13; desired is already 12, the group adds only 1
        assertThat(desired).containsEntry(240L, 13);
        // 300 s and 360 s: still 30 percent of 10 warm: 13 is already there
        assertThat(desired).containsEntry(300L, 13).containsEntry(360L, 13);
    }

    @Test
    void stepScalingScalesInTwoAtATimeEachMinuteTheQueueStaysBelowTheLowThreshold() {
        TraceWorkload idle = TraceWorkloads.of(6, 0, 1, ServiceTime.constant(1), 10, new int[900]);

        Map<Long, Integer> desired = desiredBySecond(new Simulation(idle, ONE_TO_TWENTY).run(new AwsStepScaling(10)));

        // no cooldown between the steps: the low alarm invokes the policy every period
        assertThat(desired).containsEntry(120L, 6).containsEntry(180L, 4).containsEntry(240L, 2).containsEntry(300L, 1);
    }

    @Test
    void stepScalingDoesNotScaleInWhileAnInstanceWarmsUp() {
        // 2 instances serve 2 messages a second; 5 a second arrive for 120 s, so the backlog is
        // 360 at 120 s and drained by 300 s; the instance launched at 180 s warms up until 1080 s
        int[] arrivals = Arrays.copyOf(TraceWorkloads.steady(120, 5), 1200);
        TraceWorkload rush = TraceWorkloads.of(2, 900, 1, ServiceTime.constant(1), 10, arrivals);

        Map<Long, Integer> desired = desiredBySecond(new Simulation(rush, ONE_TO_TWENTY).run(new AwsStepScaling(45)));

        // 180 s: 30 percent of 2 warm instances rounds up to the minimum adjustment of 1
        assertThat(desired).containsEntry(180L, 3);
        // from 420 s the low alarm holds (datapoints of 300 s and 360 s at 0), but scale-in waits for the warmup
        assertThat(desired.entrySet()).filteredOn(e -> e.getKey() >= 180 && e.getKey() < 1080).allMatch(e -> e.getValue() == 3);
        assertThat(desired).containsEntry(1080L, 1);
    }

    @Test
    void kedaSizesForTheTriggerThatNeedsTheMostPodsEachAgainstItsOwnQueueLength() {
        // 20 messages on a queue whose pods handle 5 each (4 pods), 100 on one whose pods handle 20
        // (5 pods); every message is served for good and new pods boot for 600 s
        TraceWorkload twoQueues = TraceWorkloads.of(1, 600, 1, ServiceTime.constant(10_000), 10,
                TraceWorkloads.burst(60, 0, 20), TraceWorkloads.burst(60, 0, 100));

        Map<Long, Integer> perQueue = desiredBySecond(new Simulation(twoQueues, ONE_TO_TWENTY).run(new Keda(List.of(5L, 20L))));
        Map<Long, Integer> tightest = desiredBySecond(new Simulation(twoQueues, ONE_TO_TWENTY).run(new Keda(List.of(5L, 5L))));

        // 0 s: one message of each burst has arrived; 15 s: max(20 / 5, 100 / 20) = 5, within 1 + 4
        assertThat(perQueue).containsEntry(0L, 1).containsEntry(15L, 5).containsEntry(30L, 5).containsEntry(45L, 5);
        // with the tighter queue's length on both triggers, 100 / 5 = 20 pods: doubling each sync
        assertThat(tightest).containsEntry(15L, 5).containsEntry(30L, 10).containsEntry(45L, 20);
    }

    @Test
    void kedaDoesNotScaleToZeroBeforeTheCooldownPeriod() {
        TraceWorkload once = TraceWorkloads.of(0, 0, 1, ServiceTime.constant(5), 10, TraceWorkloads.burst(600, 0, 1));
        Target zeroToTwenty = new Target("workers", 0, 20);

        Map<Long, Integer> desired = desiredBySecond(new Simulation(once, zeroToTwenty).run(new Keda(List.of(1L))));

        // active at 0 only; the operator checks every 30 s and waits more than 300 s after the last activity
        assertThat(desired.entrySet()).filteredOn(e -> e.getKey() <= 300).allMatch(e -> e.getValue() == 1);
        assertThat(desired).containsEntry(330L, 0);
    }

    @Test
    void kedaActivatesFromZeroAtTheNextPollingInterval() {
        TraceWorkload late = TraceWorkloads.of(0, 0, 1, ServiceTime.constant(5), 10, TraceWorkloads.burst(200, 31, 1));

        Map<Long, Integer> desired = desiredBySecond(new Simulation(late, new Target("workers", 0, 20)).run(new Keda(List.of(1L))));

        assertThat(desired).containsEntry(45L, 0).containsEntry(60L, 1);
    }

    private static Map<Long, Integer> desiredBySecond(RunResult run) {
        Map<Long, Integer> desired = new LinkedHashMap<>();
        run.timeline().forEach(row -> desired.put(row.second(), row.desired()));
        return desired;
    }
}
