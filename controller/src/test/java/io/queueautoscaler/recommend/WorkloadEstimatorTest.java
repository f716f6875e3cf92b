package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.at;
import static io.queueautoscaler.recommend.PolicyFixture.fleet;
import static io.queueautoscaler.testing.PolicyBuilder.HIGH;
import static io.queueautoscaler.testing.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Arrivals from depths at a declared 2 msg/s/instance and concurrency 4: each in-flight message
 * leaves at 0.5 per second. Observations are 15 s apart on a queue with a 300 s target.
 */
class WorkloadEstimatorTest {
    static final Throughput DECLARED = new Throughput(2, Throughput.Source.declared);

    /** Successive (visible, inFlight) observations and the last interval's arrival rate. */
    record Case(String name, long[][] depths, double lastRate) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // 8 in flight leave 60 messages in 15 s; the total did not move: 60 arrived.
                new Case("a steady queue's arrivals equal its departures", new long[][] {{0, 8}, {0, 8}}, 4),
                // 150 more waiting plus the 60 that left.
                new Case("a growing queue adds its growth to the departures", new long[][] {{0, 8}, {150, 8}}, 14),
                // Nothing in flight, nothing left: the growth is all there is.
                new Case("an idle pool's queue grows by its arrivals", new long[][] {{0, 0}, {300, 0}}, 20),
                // A drop larger than the departures cannot mean negative arrivals.
                new Case("arrivals are never negative", new long[][] {{300, 0}, {0, 0}}, 0),
                // Average in flight (4 + 12) / 2 = 8 over the interval.
                new Case("in flight is averaged over the interval", new long[][] {{0, 4}, {0, 12}}, (8 + 60) / 15.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void estimatesArrivalsFromDepthsAndDepartures(Case c) {
        ScalingPolicy policy = policy().workers(4, 2, 120).build();
        Workload workload = Workload.EMPTY;
        double fast = 0;
        double slow = 0;
        for (int i = 0; i < c.depths().length; i++) {
            Observation observation = Observation.of(at(15L * i), fleet(4),
                    List.of(new QueueDepth(HIGH, c.depths()[i][0], c.depths()[i][1], 0)));
            if (i == 0) {
                // Little's law on the first observation: in flight / concurrency * throughput.
                fast = 2.0 * c.depths()[0][1] / 4;
                slow = fast;
            }
            workload = WorkloadEstimator.observe(workload, policy, observation, DECLARED, LatencyMode.horizons(policy));
        }
        QueueFlow flow = workload.queues().get(0);
        double expectedFast = fast + (1 - Math.exp(-15 / WorkloadEstimator.FAST_TIME_CONSTANT_SECONDS)) * (c.lastRate() - fast);
        double expectedSlow = slow + (1 - Math.exp(-15 / WorkloadEstimator.SLOW_TIME_CONSTANT_SECONDS)) * (c.lastRate() - slow);

        assertThat(flow.fastRate()).isCloseTo(expectedFast, within(1e-9));
        assertThat(flow.slowRate()).isCloseTo(expectedSlow, within(1e-9));
        assertThat(flow.sustainedRate()).isEqualTo(Math.min(flow.fastRate(), flow.slowRate()));
    }

    record DatingCase(String name, long[] visible, long expectedAgeSeconds) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<DatingCase> dating() {
        return Stream.of(
                // Nothing served: the 450 waiting arrived over the last three intervals.
                new DatingCase("a growing backlog is as old as its first arrivals", new long[] {0, 150, 300, 450}, 45),
                // 150 per interval arrived, 300 remain: the oldest arrived two intervals ago.
                new DatingCase("the oldest waiting message is the one the remaining count reaches back to",
                        new long[] {0, 150, 300, 450, 300}, 45),
                new DatingCase("an empty queue has no age", new long[] {0, 150, 0}, 0),
                // A backlog seen at the first observation dates from it.
                new DatingCase("a backlog found at start-up dates from the first observation", new long[] {500, 500}, 15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dating")
    void datesTheWaitingMessages(DatingCase c) {
        // No instance runs, so nothing leaves: arrivals are exactly the growth.
        ScalingPolicy policy = policy().workers(4, 2, 120).build();
        Workload workload = Workload.EMPTY;
        for (int i = 0; i < c.visible().length; i++) {
            workload = WorkloadEstimator.observe(workload, policy,
                    Observation.of(at(15L * i), fleet(0), List.of(new QueueDepth(HIGH, c.visible()[i], 0, 0))), DECLARED, LatencyMode.horizons(policy));
        }
        QueueFlow flow = workload.queues().get(0);
        long last = 15L * (c.visible().length - 1);

        long age = flow.waiting() == 0 ? 0 : Duration.between(flow.oldestWaitingArrival(), at(last)).toSeconds();
        assertThat(age).isEqualTo(c.expectedAgeSeconds());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("restarts")
    void startsAFreshFlowWhenItCannotCompare(String name, String url, long secondObservationAt) {
        ScalingPolicy policy = policy().workers(4, 2, 120).build();
        Workload first = WorkloadEstimator.observe(Workload.EMPTY, policy,
                Observation.of(at(0), fleet(4), List.of(new QueueDepth(HIGH, 0, 8, 0))), DECLARED, LatencyMode.horizons(policy));

        Workload second = WorkloadEstimator.observe(first, policy,
                Observation.of(at(secondObservationAt), fleet(4), List.of(new QueueDepth(url, 900, 8, 0))), DECLARED, LatencyMode.horizons(policy));

        QueueFlow flow = second.queues().get(0);
        assertThat(flow.marks()).hasSize(1);
        assertThat(flow.fastRate()).isEqualTo(2.0 * 8 / 4);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> restarts() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("a queue whose URL changed", "https://sqs/other", 15L),
                org.junit.jupiter.params.provider.Arguments.of("an observation no later than the last", HIGH, 0L));
    }
}
