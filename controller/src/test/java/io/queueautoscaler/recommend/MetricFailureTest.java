package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.at;
import static io.queueautoscaler.recommend.PolicyFixture.depth;
import static io.queueautoscaler.recommend.PolicyFixture.fleet;
import static io.queueautoscaler.testing.PolicyBuilder.HIGH;
import static io.queueautoscaler.testing.PolicyBuilder.LOW;
import static io.queueautoscaler.testing.PolicyBuilder.policy;
import static io.queueautoscaler.testing.PolicyBuilder.unlimited;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.OnMetricFailure;
import io.queueautoscaler.policy.ScalingMode;
import io.queueautoscaler.policy.ScalingPolicy;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failure semantics through the whole recommender, in backlogPerInstance mode at 10 messages per
 * instance; "ok:N" is a good observation with a backlog of N, "fail" a failed read.
 */
class MetricFailureTest {

    record Case(String name, OnMetricFailure rule, int max, FleetSnapshot fleet, List<String> sequence, int expected,
                Reason reason, Action action, int failures) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final OnMetricFailure NO_FALLBACK = OnMetricFailure.DEFAULT;
    static final OnMetricFailure FALLBACK_2_AFTER_3 = new OnMetricFailure(OptionalInt.of(2), 3);

    static Stream<Case> cases() {
        FleetSnapshot six = fleet(6);
        return Stream.of(
                new Case("a failed read holds the current capacity", NO_FALLBACK, 40, six, List.of("fail"), 6,
                        Reason.METRICS_FAILED_HOLD, Action.NONE, 1),
                new Case("without a fallback failures never scale in", NO_FALLBACK, 40, six,
                        List.of("fail", "fail", "fail", "fail", "fail"), 6, Reason.METRICS_FAILED_HOLD, Action.NONE, 5),
                new Case("before afterFailures the group holds", FALLBACK_2_AFTER_3, 40, six, List.of("fail", "fail"), 6,
                        Reason.METRICS_FAILED_HOLD, Action.NONE, 2),
                new Case("after afterFailures an explicit fallback may scale in", FALLBACK_2_AFTER_3, 40, six,
                        List.of("fail", "fail", "fail"), 2, Reason.METRICS_FAILED_FALLBACK, Action.SCALE_IN, 3),
                new Case("a fallback above the current capacity scales out", new OnMetricFailure(OptionalInt.of(10), 1), 40, six,
                        List.of("fail"), 10, Reason.METRICS_FAILED_FALLBACK, Action.SCALE_OUT, 1),
                new Case("a fallback above maxCapacity is clamped", new OnMetricFailure(OptionalInt.of(50), 1), 40, six,
                        List.of("fail"), 40, Reason.ABOVE_MAX, Action.SCALE_OUT, 1),
                new Case("a hold above maxCapacity comes down to it", NO_FALLBACK, 4, six, List.of("fail"), 4,
                        Reason.ABOVE_MAX, Action.SCALE_IN, 1),
                new Case("a hold below the leased instances rises to them", NO_FALLBACK, 40, fleet(2, 2, 4),
                        List.of("fail"), 4, Reason.LEASE_FLOOR, Action.SCALE_OUT, 1),
                new Case("a fallback never goes below the leased instances", FALLBACK_2_AFTER_3, 40,
                        fleet(6, 6, 5), List.of("fail", "fail", "fail"), 5, Reason.LEASE_FLOOR,
                        Action.SCALE_IN, 3),
                new Case("afterFailures alone never scales in blind", new OnMetricFailure(OptionalInt.empty(), 1),
                        40, six, List.of("fail", "fail"), 6, Reason.METRICS_FAILED_HOLD, Action.NONE, 2),
                new Case("the first good observation recovers", FALLBACK_2_AFTER_3, 40, six,
                        List.of("fail", "fail", "fail", "ok:30"), 3, Reason.BACKLOG_PER_INSTANCE, Action.SCALE_IN, 0),
                new Case("a read missing a queue is a failure", NO_FALLBACK, 40, six, List.of("partial"), 6,
                        Reason.METRICS_FAILED_HOLD, Action.NONE, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void neverScalesInBlind(Case c) {
        ScalingPolicy policy = policy().mode(ScalingMode.backlogPerInstance).targetBacklog(10).bounds(0, c.max())
                .queue(HIGH, 60).queue(LOW, 300).behavior(unlimited(0, 0)).onMetricFailure(c.rule()).build();
        Recommender recommender = new Recommender();
        PolicyMemory memory = PolicyMemory.EMPTY;
        Recommendation last = null;
        for (int i = 0; i < c.sequence().size(); i++) {
            String step = c.sequence().get(i);
            Observation observation = switch (step.split(":")[0]) {
                case "fail" -> Observation.metricsFailed(at(15L * i), c.fleet(), "GetQueueAttributes throttled");
                case "partial" -> Observation.of(at(15L * i), c.fleet(), List.of(depth(HIGH, 5, 0)));
                default -> Observation.of(at(15L * i), c.fleet(),
                        List.of(depth(HIGH, Long.parseLong(step.split(":")[1]), 0), depth(LOW, 0, 0)));
            };
            Evaluation evaluation = recommender.evaluate(policy, observation, memory);
            memory = evaluation.memory();
            last = evaluation.recommendation();
        }

        assertThat(last.desiredCapacity()).isEqualTo(c.expected());
        assertThat(last.reason()).isEqualTo(c.reason());
        assertThat(last.action()).isEqualTo(c.action());
        assertThat(last.heldBlind()).as("held blind").isEqualTo(c.reason() == Reason.METRICS_FAILED_HOLD);
        assertThat(memory.consecutiveFailures()).isEqualTo(c.failures());
        if (c.failures() > 0) {
            assertThat(last.stages().get(0).name()).isEqualTo("metricFailure");
            assertThat(last.message()).contains(c.failures() + " consecutive metric failure");
        }
    }
}
