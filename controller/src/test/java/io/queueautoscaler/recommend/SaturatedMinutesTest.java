package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.at;
import static io.queueautoscaler.recommend.PolicyFixture.fleet;
import static io.queueautoscaler.testing.PolicyBuilder.HIGH;
import static io.queueautoscaler.testing.PolicyBuilder.LOW;
import static io.queueautoscaler.testing.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.queueautoscaler.policy.ScalingPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Throughput from the messages deleted in saturated minutes, fed as the recommender feeds it:
 * evaluations every 15 s of 4 instances of 4 slots (16 busy slots, 960 slot-seconds a minute)
 * with 50 messages waiting and 16 in flight, so no drain. Like CloudWatch for an active queue,
 * every minute is published, two minutes after it starts (with nothing deleted and nothing
 * waiting unless a test says otherwise), and each evaluation reads the minutes of the last five,
 * so every minute is read again on several evaluations.
 */
class SaturatedMinutesTest {
    private static final ScalingPolicy ONE_QUEUE = policy().learning(4, 120).build();
    private static final ScalingPolicy TWO_QUEUES = policy().queue(HIGH, 300).queue(LOW, 900).learning(4, 120).build();
    private static final Throughput DECLARED = new Throughput(2, Throughput.Source.declared);

    /** The daemon's evaluations against what CloudWatch has published of each queue. */
    private static final class Run {
        final ScalingPolicy policy;
        final Map<String, TreeMap<Long, Deletions>> published = new LinkedHashMap<>();
        final Map<String, Set<Long>> missing = new LinkedHashMap<>();
        boolean cloudWatch = true;
        Workload workload = Workload.EMPTY;
        long second = -15;
        /** How far past its whole second each evaluation runs, as a real clock's instants do. */
        long nanos;
        int inService = 4;

        Run(ScalingPolicy policy) {
            this.policy = policy;
            policy.queues().forEach(q -> published.put(q.url(), new TreeMap<>()));
            policy.queues().forEach(q -> missing.put(q.url(), new HashSet<>()));
        }

        Run(ScalingPolicy policy, ServiceRate learned) {
            this(policy);
            workload = new Workload(List.of(), 0, learned);
        }

        /** What CloudWatch will publish of one queue's minute. */
        Run minute(String queue, long minute, long deleted, boolean visibleAtStart, boolean visibleAtEnd) {
            published.get(queue).put(minute, new Deletions(at(60 * minute), deleted, visibleAtStart, visibleAtEnd));
            return this;
        }

        /** Minutes {@code from} to {@code to} of the first queue, each {@code deleted} messages with messages waiting throughout. */
        Run saturated(long from, long to, long deleted) {
            for (long m = from; m <= to; m++) {
                minute(policy.queues().get(0).url(), m, deleted, true, true);
            }
            return this;
        }

        Run evaluateUntil(long until) {
            while (second + 15 <= until) {
                second += 15;
                List<QueueDepth> queues = new ArrayList<>();
                for (String queue : published.keySet()) {
                    queues.add(new QueueDepth(queue, 50, 16 / policy.queues().size(), 0, cloudWatch ? read(queue) : List.of()));
                }
                Observation observation = Observation.of(at(second).plusNanos(nanos), fleet(inService), queues);
                workload = WorkloadEstimator.observe(workload, policy, observation, DECLARED, LatencyMode.horizons(policy));
            }
            return this;
        }

        /** The minutes of the last five, each published two minutes after it starts. */
        private List<Deletions> read(String queue) {
            List<Deletions> read = new ArrayList<>();
            for (long m = Math.floorDiv(second - 300, 60); (m + 2) * 60 <= second; m++) {
                long minute = m;
                if (m * 60 >= second - 300 && !missing.get(queue).contains(m)) {
                    read.add(published.get(queue).computeIfAbsent(m, k -> new Deletions(at(60 * minute), 0, false, false)));
                }
            }
            return read;
        }

        Throughput throughput() {
            return ServiceRateEstimator.throughput(policy, workload.serviceRate(), at(second));
        }

        List<SaturatedMinutes.Minute> minutes() {
            return workload.serviceRate().saturatedMinutes().minutes();
        }
    }

    record Case(String name, long[][] minutes, double expected, Throughput.Evidence evidence, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> thresholds() {
        // Minutes 1, 2, ... as (deleted, visible at start 1/0, visible at end 1/0); each has 960 busy slot-seconds.
        return Stream.of(
                new Case("two saturated minutes are too few whatever they deleted",
                        new long[][] {{600, 1, 1}, {600, 1, 1}}, 0.8, Throughput.Evidence.none,
                        "0.80 msg/s/instance (assumed; so far 2 saturated minutes of the 3 needed, with 1200 deleted messages of the 200)"),
                new Case("three minutes of 180 deleted messages are too few",
                        new long[][] {{60, 1, 1}, {60, 1, 1}, {60, 1, 1}}, 0.8, Throughput.Evidence.none,
                        "0.80 msg/s/instance (assumed; so far 3 saturated minutes of the 3 needed, with 180 deleted messages of the 200)"),
                // 4 * 210 / (3 * 960): an estimate below the 0.8 assumed is a measurement all the same.
                new Case("three minutes of 210 deleted messages are enough",
                        new long[][] {{70, 1, 1}, {70, 1, 1}, {70, 1, 1}}, 4 * 210 / 2880.0, Throughput.Evidence.deletedMessages,
                        "0.29 msg/s/instance (learned from 3 saturated minutes of deleted messages)"),
                // 4 * 720 / (3 * 960) = 1; counting the other two would make it 4 * 740 / (5 * 960).
                new Case("a minute with nothing waiting at its end or its start is no saturated minute",
                        new long[][] {{240, 1, 1}, {10, 1, 0}, {240, 1, 1}, {10, 0, 1}, {240, 1, 1}},
                        1.0, Throughput.Evidence.deletedMessages,
                        "1.00 msg/s/instance (learned from 3 saturated minutes of deleted messages)"),
                new Case("minutes that were never saturated teach nothing",
                        new long[][] {{400, 0, 0}, {400, 1, 0}, {400, 0, 1}}, 0.8, Throughput.Evidence.none,
                        "0.80 msg/s/instance (assumed)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("thresholds")
    void learnsFromEnoughSaturatedMinutesOnly(Case c) {
        Run run = new Run(ONE_QUEUE);
        for (int i = 0; i < c.minutes().length; i++) {
            long[] m = c.minutes()[i];
            run.minute(HIGH, i + 1, m[0], m[1] > 0, m[2] > 0);
        }

        Throughput throughput = run.evaluateUntil(60L * (c.minutes().length + 4)).throughput();

        assertThat(throughput.perInstance()).isCloseTo(c.expected(), within(1e-9));
        assertThat(throughput.evidence()).isEqualTo(c.evidence());
        assertThat(throughput.describe()).isEqualTo(c.says());
    }

    @Test
    void aMinuteReadAgainOnLaterEvaluationsCountsOnce() {
        Run run = new Run(ONE_QUEUE).saturated(1, 5, 240).evaluateUntil(600);

        assertThat(run.minutes()).extracting(SaturatedMinutes.Minute::minute)
                .containsExactly(at(60), at(120), at(180), at(240), at(300));
        assertThat(run.minutes()).allSatisfy(m -> assertThat(m.deleted()).isEqualTo(240));
        // 4 * 1200 / (5 * 960).
        assertThat(run.throughput().perInstance()).isCloseTo(1.0, within(1e-9));
        assertThat(run.throughput().describe())
                .isEqualTo("1.00 msg/s/instance (learned from 5 saturated minutes of deleted messages)");
    }

    @Test
    void theBusySlotsAreThoseOfTheInstancesInServiceDuringTheMinute() {
        // Minutes 1 to 3 with 4 instances, minutes 4 to 6 with 8: 4 * 1440 / (3 * 960 + 3 * 1920).
        Run run = new Run(ONE_QUEUE).saturated(1, 6, 240).evaluateUntil(240);
        run.inService = 8;
        run.evaluateUntil(600);

        assertThat(run.throughput().perInstance()).isCloseTo(4 * 1440 / 8640.0, within(1e-9));
    }

    @Test
    void aMinuteWithoutInstancesInServiceThroughoutCountsNot() {
        Run run = new Run(ONE_QUEUE).saturated(1, 4, 240).evaluateUntil(135);
        run.inService = 0; // the interval ending at 150 s, in minute 2
        run.evaluateUntil(150);
        run.inService = 4;
        run.evaluateUntil(600);

        assertThat(run.minutes()).extracting(SaturatedMinutes.Minute::minute).containsExactly(at(60), at(180), at(240));
    }

    @Test
    void aMinuteNotCoveredByEvaluationsCountsNot() {
        // Nothing evaluated from 70 s to 250 s: a gap longer than two minutes may hide a capacity change.
        Run run = new Run(ONE_QUEUE).saturated(1, 6, 240).evaluateUntil(60);
        run.second = 235;
        run.evaluateUntil(600);

        assertThat(run.minutes()).extracting(SaturatedMinutes.Minute::minute).containsExactly(at(300), at(360));
    }

    @Test
    void aMinuteCountsTheDeletionsOfEveryQueueWhenOneWaitedThroughoutAndOnlyWhenEveryQueueReportedIt() {
        Run run = new Run(TWO_QUEUES);
        for (long m = 1; m <= 4; m++) {
            run.minute(HIGH, m, 200, true, true);
            run.minute(LOW, m, 40, false, false);
        }
        run.missing.get(LOW).add(3L);
        run.evaluateUntil(600);

        assertThat(run.minutes()).extracting(SaturatedMinutes.Minute::minute).containsExactly(at(60), at(120), at(240));
        assertThat(run.minutes()).allSatisfy(m -> assertThat(m.deleted()).isEqualTo(240));
    }

    @ParameterizedTest(name = "{0} ns past the second")
    @ValueSource(longs = {1, 600_000, 123_456_789})
    void everyMinuteCountsWhateverFractionOfASecondTheEvaluationsRunAt(long nanos) {
        Run run = new Run(ONE_QUEUE).saturated(1, 5, 240);
        run.nanos = nanos;
        run.evaluateUntil(600);

        assertThat(run.minutes()).extracting(SaturatedMinutes.Minute::minute)
                .containsExactly(at(60), at(120), at(180), at(240), at(300));
        assertThat(run.throughput().perInstance()).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void aGroupDeletingMoreThanTwoThousandAMinuteStillKeepsTheThreeMinutesItNeeds() {
        Run run = new Run(ONE_QUEUE).saturated(1, 6, 3000).evaluateUntil(600);

        assertThat(run.minutes()).extracting(SaturatedMinutes.Minute::minute).containsExactly(at(240), at(300), at(360));
        // 4 * 9000 / (3 * 960).
        assertThat(run.throughput().perInstance()).isCloseTo(12.5, within(1e-9));
        assertThat(run.throughput().describe())
                .isEqualTo("12.50 msg/s/instance (learned from 3 saturated minutes of deleted messages)");
    }

    @Test
    void theMostRecentTwoThousandMessagesCount() {
        // 30 minutes of 100 at 4 * 100 / 960 per instance, then slower minutes of 50.
        Run run = new Run(ONE_QUEUE).saturated(1, 30, 100).saturated(31, 70, 50).evaluateUntil(75 * 60);

        assertThat(run.minutes()).hasSize(40);
        assertThat(run.minutes().get(0).minute()).isEqualTo(at(31 * 60));
        assertThat(run.throughput().perInstance()).isCloseTo(4 * 50 / 960.0, within(1e-9));
        assertThat(run.throughput().observations()).isEqualTo(40);
    }

    @Test
    void atMostAHundredAndTwentyMinutesAreKeptAndBusySlotsOnlyWhileTheirDeletionsMayCome() {
        Run run = new Run(ONE_QUEUE).saturated(1, 150, 5).evaluateUntil(155 * 60);

        assertThat(run.minutes()).hasSize(SaturatedMinutes.MAX_MINUTES);
        assertThat(run.minutes().get(0).minute()).isEqualTo(at(31 * 60));
        assertThat(run.workload.serviceRate().saturatedMinutes().slots()).hasSizeLessThanOrEqualTo(15);
    }

    @Test
    void minutesAreForgottenAfterTheMemory() {
        Run run = new Run(ONE_QUEUE).saturated(1, 5, 240).evaluateUntil(600);

        Throughput later = ServiceRateEstimator.throughput(ONE_QUEUE, run.workload.serviceRate(),
                at(360).plus(ServiceRateEstimator.MEMORY));

        assertThat(later.source()).isEqualTo(Throughput.Source.assumed);
    }

    @Test
    void queuesWithoutDeletionsKeepNothing() {
        Run run = new Run(ONE_QUEUE);
        run.cloudWatch = false;
        run.evaluateUntil(600);

        assertThat(run.workload.serviceRate().saturatedMinutes()).isEqualTo(SaturatedMinutes.NONE);
    }

    @Test
    void leasedTasksComeFirst() {
        ServiceRate leased = ServiceRate.NONE;
        for (int i = 1; i <= 20; i++) { // 200 tasks of 0.8 s: 4 / 0.8 = 5 per instance
            leased = ServiceRateEstimator.observeTasks(leased, at(i), new LeasedTasks(10, 8));
        }
        Run run = new Run(ONE_QUEUE, leased).saturated(1, 5, 240).evaluateUntil(600);

        assertThat(run.minutes()).hasSize(5);
        assertThat(run.throughput().perInstance()).isCloseTo(5.0, within(1e-9));
        assertThat(run.throughput().evidence()).isEqualTo(Throughput.Evidence.leasedTasks);
    }

    @Test
    void saturatedMinutesComeBeforeDrainsThatProveLess() {
        // A drain that ended in a calm interval: an estimate of 4 * 60 / (40 * 30 - 5 * 30) = 0.23 and a bound of 0.2.
        ServiceRate drained = drain(30);
        assertThat(ServiceRateEstimator.throughput(ONE_QUEUE, drained, at(45)).evidence())
                .isEqualTo(Throughput.Evidence.drainedBacklogs);
        Run run = new Run(ONE_QUEUE, drained).saturated(1, 5, 240).evaluateUntil(600);

        assertThat(run.throughput().perInstance()).isCloseTo(1.0, within(1e-9));
        assertThat(run.throughput().evidence()).isEqualTo(Throughput.Evidence.deletedMessages);
    }

    @Test
    void aDrainThatProvesMoreOverrulesTheSaturatedMinutes() {
        // At least 4 * 600 / (40 * 30) = 2 per instance against the minutes' 1.
        Run run = new Run(ONE_QUEUE, drain(300)).saturated(1, 5, 240).evaluateUntil(600);

        assertThat(run.throughput().perInstance()).isCloseTo(2.0, within(1e-9));
        assertThat(run.throughput().evidence()).isEqualTo(Throughput.Evidence.drainedBacklogs);
        assertThat(run.throughput().describe())
                .isEqualTo("2.00 msg/s/instance (learned from 1 drained backlog, faster than 5 saturated minutes show)");
    }

    /** Two 15 s intervals that each drained {@code shrinkage} messages from 40 busy slots, then a calm one with 5 in flight. */
    private static ServiceRate drain(double shrinkage) {
        ServiceRate rate = ServiceRateEstimator.observe(ServiceRate.NONE, 4, at(15), 15, shrinkage, 40, true, OptionalDouble.empty());
        rate = ServiceRateEstimator.observe(rate, 4, at(30), 15, shrinkage, 40, true, OptionalDouble.empty());
        return ServiceRateEstimator.observe(rate, 4, at(45), 15, 0, 40, false, OptionalDouble.of(5));
    }
}
