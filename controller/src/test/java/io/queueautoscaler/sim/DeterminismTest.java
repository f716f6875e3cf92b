package io.queueautoscaler.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.Target;
import io.queueautoscaler.sim.baseline.Baseline;
import io.queueautoscaler.sim.baseline.Benchmark;
import io.queueautoscaler.sim.report.SummaryJson;
import io.queueautoscaler.sim.report.TimelineCsv;
import io.queueautoscaler.testing.PolicyBuilder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Same inputs, same bytes; and every algorithm is handed the same messages. */
class DeterminismTest {
    private static final ServiceTime LOGNORMAL = new ServiceTime(ServiceTime.Distribution.lognormal, 2, 12.0);

    @Test
    void theSameRunTwiceWritesIdenticalSummaryAndTimeline() {
        List<RunResult> first = benchmark(workload(42));
        List<RunResult> second = benchmark(workload(42));

        assertThat(SummaryJson.write(second)).isEqualTo(SummaryJson.write(first));
        assertThat(TimelineCsv.write(second, 2)).isEqualTo(TimelineCsv.write(first, 2));
        assertThat(first).extracting(RunResult::algorithm).containsExactly("queue-autoscaler", "aws-step", "aws-step@slo",
                "aws-target-tracking", "aws-target-tracking@slo", "keda", "keda@slo");
    }

    @Test
    void everyAlgorithmServesTheSameServiceTimes() {
        List<RunResult> runs = benchmark(workload(42));

        List<Long> busySeconds = runs.stream().filter(r -> r.summary().processed() == r.summary().messages())
                .map(r -> Math.round(r.summary().busySlotSeconds() * 1000)).distinct().toList();
        assertThat(busySeconds).hasSize(1);
    }

    @Test
    void anotherSeedDrawsOtherServiceTimes() {
        assertThat(workload(43).serviceTimes(0)).isNotEqualTo(workload(42).serviceTimes(0));
        assertThat(workload(42).serviceTimes(0)).isEqualTo(workload(42).serviceTimes(0));
    }

    private static List<RunResult> benchmark(TraceWorkload workload) {
        ScalingPolicy policy = PolicyBuilder.latency(new Target("workers", 0, 30), 60, 4, 30)
                .queue(PolicyBuilder.QUEUE + "-low", 300).build();
        return new Benchmark(workload, policy).run(Arrays.asList(Baseline.values()), true, line -> { });
    }

    private static TraceWorkload workload(long seed) {
        int[] high = new int[1800];
        int[] low = new int[1800];
        for (int s = 0; s < high.length; s++) {
            high[s] = s >= 300 && s < 900 ? 6 : 1;
            low[s] = s % 120 < 10 ? 5 : 0;
        }
        List<ScenarioQueue> queues = List.of(new ScenarioQueue("high.csv", LOGNORMAL, 60),
                new ScenarioQueue("low.csv", LOGNORMAL, 300));
        return TraceWorkload.of(new Scenario("two-queues", queues, new FleetSpec(1, 30, 4), seed), high, low);
    }
}
