package io.queueautoscaler.sim.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.sim.FleetSpec;
import io.queueautoscaler.sim.Scenario;
import io.queueautoscaler.sim.ScenarioQueue;
import io.queueautoscaler.sim.ServiceTime;
import io.queueautoscaler.sim.TraceWorkload;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each baseline configured from the scenario's SLOs and service times as its documentation says. */
class BaselineTest {
    // a 10 s and a 100 s SLO, 2 s per message, 4 messages at a time per instance
    private static final TraceWorkload TWO_SLOS = TraceWorkload.of(new Scenario("two-slos", List.of(
                    new ScenarioQueue("high.csv", ServiceTime.constant(2), 10),
                    new ScenarioQueue("low.csv", ServiceTime.constant(2), 100)),
            new FleetSpec(1, 60, 4), 7), new int[10], new int[10]);

    @Test
    void kedaGivesEachQueuesTriggerItsOwnQueueLengthScaledTogether() {
        // acceptable backlog per instance: 10 * 4 / 2 = 20 and 100 * 4 / 2 = 200
        assertThat(((Keda) Baseline.KEDA.configure(TWO_SLOS, 1)).queueLengths()).containsExactly(20L, 200L);
        assertThat(((Keda) Baseline.KEDA.configure(TWO_SLOS, 0.25)).queueLengths()).containsExactly(5L, 50L);
    }

    @Test
    void theAwsRecipesAlarmOnTheTotalSoTheTightestQueueSetsTheirKnob() {
        assertThat(((AwsStepScaling) Baseline.AWS_STEP.configure(TWO_SLOS, 1)).threshold()).isEqualTo(20);
        assertThat(((AwsTargetTracking) Baseline.AWS_TARGET_TRACKING.configure(TWO_SLOS, 0.5)).targetBacklogPerInstance())
                .isEqualTo(10);
    }
}
