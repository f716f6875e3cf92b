package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.at;
import static io.queueautoscaler.recommend.PolicyFixture.depth;
import static io.queueautoscaler.recommend.PolicyFixture.fleet;
import static io.queueautoscaler.recommend.PolicyFixture.observe;
import static io.queueautoscaler.testing.PolicyBuilder.HIGH;
import static io.queueautoscaler.testing.PolicyBuilder.LOW;
import static io.queueautoscaler.testing.PolicyBuilder.policy;
import static io.queueautoscaler.testing.PolicyBuilder.unlimited;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.ScalingMode;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.testing.PolicyBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The recommender end to end: the message, the stages, and sequences that need memory. */
class RecommenderTest {
    private final Recommender recommender = new Recommender();

    record MessageCase(String name, ScalingPolicy policy, Observation observation, String message, List<String> stages,
                       Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<MessageCase> messages() {
        ScalingPolicy perInstance = policy().mode(ScalingMode.backlogPerInstance).targetBacklog(200)
                .queue(HIGH, 60).queue(LOW, 900).build();
        ScalingPolicy capped = policy().mode(ScalingMode.backlogPerInstance).targetBacklog(10).bounds(0, 6)
                .queue(HIGH, 60).build();
        return Stream.of(
                new MessageCase("a scale-out says what, from where to where, and why with the numbers", perInstance,
                        observe(0, fleet(5), depth(HIGH, 1000, 0), depth(LOW, 800, 0)),
                        "scale out 5 -> 9: backlog 1800 over 2 queues needs 9 at 200 messages per instance",
                        List.of("backlogPerInstance"), Reason.BACKLOG_PER_INSTANCE),
                new MessageCase("every stage that changed the number is named, the last gives the reason", capped,
                        observe(0, fleet(4), depth(HIGH, 500, 0)),
                        "scale out 4 -> 6: backlog 500 over 1 queue needs 50 at 10 messages per instance; scale-up limit 8"
                                + " instead of 50 (Max of 100% per 15 s from 4 allows 8, 4 instances per 15 s from 4 allows 8);"
                                + " 8 is above maxCapacity: 6 within [0, 6]",
                        List.of("backlogPerInstance", "rateLimit", "bounds"), Reason.ABOVE_MAX),
                new MessageCase("a number within tolerance holds and says so", perInstance,
                        observe(0, fleet(10), depth(HIGH, 1100, 0), depth(LOW, 1000, 0)),
                        "hold 10: backlog 2100 over 2 queues needs 11 at 200 messages per instance;"
                                + " 11 / 10 = 1.10 is within the 10% tolerance: keep 10",
                        List.of("backlogPerInstance", "tolerance"), Reason.WITHIN_TOLERANCE),
                new MessageCase("a scale-in stopped by the window says what held it", perInstance,
                        observe(0, fleet(10), depth(HIGH, 0, 0), depth(LOW, 0, 0)),
                        "hold 10: backlog 0 over 2 queues needs 0 at 200 messages per instance;"
                                + " highest recommendation in the last 300 s is 10: 10 instead of 0",
                        List.of("backlogPerInstance", "stabilization"), Reason.SCALE_DOWN_STABILIZED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void explainsTheDecisionInOneLine(MessageCase c) {
        Recommendation recommendation = recommender.evaluate(c.policy(), c.observation(), PolicyMemory.EMPTY).recommendation();

        assertThat(recommendation.message()).isEqualTo(c.message());
        assertThat(recommendation.stages()).extracting(Stage::name).containsExactlyElementsOf(c.stages());
        assertThat(recommendation.reason()).isEqualTo(c.reason());
        assertThat(recommendation.recommendedCapacity()).isEqualTo(recommendation.stages().get(0).capacity());
    }

    /**
     * A group that follows every decision at once, evaluated every 15 s with the given backlogs
     * on one queue; returns the desired capacities.
     */
    private List<Integer> follow(ScalingPolicy policy, int initial, long... backlogs) {
        return follow(policy, initial, i -> 0L, backlogs);
    }

    /** Evaluations 15 s apart, the i-th {@code offsetNanos} off its second, as a real clock's ticks are. */
    private List<Integer> follow(ScalingPolicy policy, int initial, java.util.function.LongUnaryOperator offsetNanos,
                                 long... backlogs) {
        List<Integer> desired = new ArrayList<>();
        PolicyMemory memory = PolicyMemory.EMPTY;
        int current = initial;
        for (int i = 0; i < backlogs.length; i++) {
            Observation observation = Observation.of(at(15L * i).plusNanos(offsetNanos.applyAsLong(i)), fleet(current),
                    List.of(depth(HIGH, backlogs[i], 0)));
            Evaluation evaluation = recommender.evaluate(policy, observation, memory);
            memory = evaluation.memory();
            current = evaluation.recommendation().desiredCapacity();
            desired.add(current);
        }
        return desired;
    }

    record SequenceCase(String name, ScalingPolicy policy, int initial, long[] backlogs, List<Integer> desired) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<SequenceCase> sequences() {
        PolicyBuilder perInstance = policy().mode(ScalingMode.backlogPerInstance).targetBacklog(10).bounds(0, 100);
        long[] quietAfterBusy = new long[23];
        quietAfterBusy[0] = 400;
        return Stream.of(
                // 100% or 4 per 15 s: 1 -> 5 -> 10 -> 20 -> 40.
                new SequenceCase("a large scale-out is paced by the default scale-up policies", perInstance.build(), 1,
                        new long[] {400, 400, 400, 400, 400}, List.of(5, 10, 20, 40, 40)),
                // The window holds 40 for 300 s; the 21st evaluation is 300 s after the first.
                new SequenceCase("a scale-in waits for the 300 s window to forget the busy recommendation",
                        perInstance.build(), 40, quietAfterBusy,
                        List.of(40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 0, 0, 0)),
                // Two observations at activationBacklog before the first instance, then paced.
                new SequenceCase("a pool at zero starts after the activation observations",
                        policy().mode(ScalingMode.backlogPerInstance).targetBacklog(10).activation(5, 2).build(), 0,
                        new long[] {50, 50, 50, 50}, List.of(0, 4, 5, 5)),
                new SequenceCase("a step policy moves by its steps", policy().mode(ScalingMode.step)
                        .steps(StepModeTest.STEPS).behavior(PolicyBuilder.unlimited(0, 0)).build(), 2,
                        new long[] {600, 600, 50, 5, 5}, List.of(7, 12, 12, 11, 10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void remembersWhatTheWindowsAndPeriodsNeed(SequenceCase c) {
        assertThat(follow(c.policy(), c.initial(), c.backlogs())).containsExactlyElementsOf(c.desired());
    }

    /** Ticks a few milliseconds early or late, by turns, as a scheduler's and a database's delays make them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void theWindowsAndPeriodsHoldWhenTicksRunAFewMillisecondsEarlyOrLate(SequenceCase c) {
        assertThat(follow(c.policy(), c.initial(), i -> i % 2 == 0 ? 4_600_123 : -1_400_456, c.backlogs()))
                .containsExactlyElementsOf(c.desired());
        assertThat(follow(c.policy(), c.initial(), i -> i % 2 == 0 ? -3_900_001 : 2_250_777, c.backlogs()))
                .containsExactlyElementsOf(c.desired());
    }

    @Test
    void aDecisionNotAppliedIsNotCountedAsAScaleEvent() {
        // Dry run: the group stays at 4, so each evaluation may again double it.
        ScalingPolicy policy = policy().mode(ScalingMode.backlogPerInstance).targetBacklog(10).build();
        PolicyMemory memory = PolicyMemory.EMPTY;
        List<Integer> desired = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Evaluation evaluation = recommender.evaluate(policy, observe(15L * i, fleet(4), depth(HIGH, 400, 0)), memory);
            memory = evaluation.memory();
            desired.add(evaluation.recommendation().desiredCapacity());
        }

        assertThat(desired).containsExactly(8, 8, 8);
        assertThat(memory.scaleEvents()).isEmpty();
    }

    @Test
    void memoryKeepsOnlyWhatTheLongestWindowAndPeriodNeed() {
        ScalingPolicy policy = policy().mode(ScalingMode.backlogPerInstance).targetBacklog(10).bounds(0, 100).build();
        PolicyMemory memory = PolicyMemory.EMPTY;
        int current = 1;
        for (int i = 0; i < 200; i++) {
            long backlog = (i % 7) * 50;
            Evaluation evaluation = recommender.evaluate(policy, observe(15L * i, fleet(current), depth(HIGH, backlog, 0)), memory);
            memory = evaluation.memory();
            current = evaluation.recommendation().desiredCapacity();
        }
        long last = 15L * 199;

        // 300 s down window at 15 s: the 20 earlier recommendations strictly inside it, plus this one, and the
        // one a window ago, which the next evaluation may still count if it runs early.
        assertThat(memory.recommendations()).hasSizeLessThanOrEqualTo(22)
                .allSatisfy(r -> assertThat(r.time()).isAfterOrEqualTo(at(last - 300)));
        // Events matter for the longest of the 15 s periods and the 120 s warmup, and one evaluation more.
        assertThat(memory.scaleEvents()).allSatisfy(e -> assertThat(e.time()).isAfterOrEqualTo(at(last - 120)));
        assertThat(memory.lastSeen()).contains(new TimedCapacity(at(last), memory.lastSeen().orElseThrow().capacity()));
    }

    @Test
    void latencyModeRecordsItsEstimates() {
        ScalingPolicy policy = policy().workers(4, 2, 120).queue(HIGH, 60).queue(LOW, 900).build();
        Evaluation first = recommender.evaluate(policy, observe(0, fleet(2), depth(HIGH, 0, 8), depth(LOW, 0, 0)),
                PolicyMemory.EMPTY);
        Evaluation second = recommender.evaluate(policy, observe(15, fleet(2), depth(HIGH, 300, 8), depth(LOW, 90, 0)),
                first.memory());

        Estimates estimates = second.recommendation().estimates().orElseThrow();
        assertThat(estimates.backlog()).isEqualTo(398); // waiting and in flight, as the default metrics count
        LatencyEstimates latency = estimates.latency().orElseThrow();
        assertThat(latency.throughputSource()).isEqualTo("declared");
        assertThat(latency.throughputPerInstance()).isEqualTo(2.0);
        assertThat(latency.queues()).extracting(QueueEstimate::queue).containsExactly("jobs-high", "jobs-low");
        assertThat(latency.queues()).extracting(QueueEstimate::waiting).containsExactly(300L, 90L);
        assertThat(latency.queues()).allSatisfy(q -> assertThat(q.arrivalRate()).isPositive());
        assertThat(second.recommendation().desiredCapacity()).isGreaterThan(2);
        assertThat(second.recommendation().message()).startsWith("scale out 2 -> ");
    }

    @Test
    void onlyLatencyModeEstimatesTheWorkload() {
        ScalingPolicy policy = policy().mode(ScalingMode.backlogPerInstance).targetBacklog(10).workers(4, 2, 120)
                .queue(HIGH, 60).build();
        Evaluation first = recommender.evaluate(policy, observe(0, fleet(2), depth(HIGH, 40, 8)), PolicyMemory.EMPTY);
        Evaluation second = recommender.evaluate(policy, observe(15, fleet(2), depth(HIGH, 90, 8)), first.memory());

        assertThat(second.recommendation().estimates()).contains(new Estimates(98, Optional.empty()));
        assertThat(second.memory().workload()).isEqualTo(Workload.EMPTY);
    }

    @Test
    void theGroupsOwnBoundsComeLastAndSayWhatToFix() {
        ScalingPolicy policy = policy().mode(ScalingMode.backlogPerInstance).targetBacklog(10).bounds(0, 40)
                .queue(HIGH, 60).behavior(unlimited(0, 0)).build();
        FleetSnapshot group = new FleetSnapshot(4, 4, 0, 1, 6);

        Recommendation rec = recommender.evaluate(policy, observe(0, group, depth(HIGH, 200, 0)), PolicyMemory.EMPTY)
                .recommendation();

        assertThat(rec.desiredCapacity()).isEqualTo(6);
        assertThat(rec.recommendedCapacity()).isEqualTo(20);
        assertThat(rec.reason()).isEqualTo(Reason.GROUP_BOUNDS);
        assertThat(rec.stages()).extracting(Stage::name).containsExactly("backlogPerInstance", "groupBounds");
        assertThat(rec.message()).isEqualTo("scale out 4 -> 6: backlog 200 over 1 queue needs 20 at 10 messages per "
                + "instance; Auto Scaling Group jobs-workers allows [1, 6], so 20 becomes 6; align the group's "
                + "MinSize/MaxSize with the policy's bounds");
    }
}
