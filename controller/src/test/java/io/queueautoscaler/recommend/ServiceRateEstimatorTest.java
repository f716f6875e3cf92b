package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.at;
import static io.queueautoscaler.testing.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.queueautoscaler.policy.ScalingPolicy;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Concurrency 4: with nothing learned, the assumed 5 s service gives 0.8 msg/s/instance. */
class ServiceRateEstimatorTest {

    /**
     * 15 s intervals as (shrinkage, busy slots, waited at start 1/0[, mean in flight when none waited at either end]);
     * then the estimate asked {@code askedAfter} s later.
     */
    record Case(String name, double declared, double[][] intervals, long askedAfter, double expected, Throughput.Source source) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        double[][] none = {};
        return Stream.of(
                new Case("a declared throughput is used as is", 3.5, none, 0, 3.5, Throughput.Source.declared),
                new Case("with no evidence throughput is assumed", 0, none, 0, 0.8, Throughput.Source.assumed),
                // 600 left in 30 s from 40 busy slots: at least 4 * 600 / (40 * 30) = 2 per instance.
                new Case("a drain bounds throughput from below", 0, new double[][] {{300, 40, 1}, {300, 40, 1}, {0, 40, 0}},
                        0, 2.0, Throughput.Source.learned),
                // One 15 s interval is drain enough: 4 * 300 / (40 * 15) = 2.
                new Case("one interval of drain bounds throughput", 0, new double[][] {{300, 40, 1}, {0, 40, 0}},
                        0, 2.0, Throughput.Source.learned),
                // The growing interval is skipped: 4 * 600 / (40 * 30) again.
                new Case("intervals that grew are left out of a drain", 0,
                        new double[][] {{300, 40, 1}, {-500, 40, 1}, {300, 40, 1}, {0, 40, 0}}, 0, 2.0, Throughput.Source.learned),
                // 4 * 60 / (40 * 30) = 0.2 is below the assumption, which stays.
                new Case("a bound below the assumption leaves the assumption", 0, new double[][] {{30, 40, 1}, {30, 40, 1}, {0, 40, 0}},
                        0, 0.8, Throughput.Source.assumed),
                // Eight intervals: the first 120 s make one bound, the rest another.
                new Case("a long drain is cut into windows and the tightest bound wins", 0,
                        new double[][] {{150, 40, 1}, {150, 40, 1}, {150, 40, 1}, {150, 40, 1}, {150, 40, 1}, {150, 40, 1},
                                {150, 40, 1}, {150, 40, 1}, {600, 40, 1}, {600, 40, 1}, {0, 40, 0}},
                        0, 4.0, Throughput.Source.learned),
                new Case("a bound is forgotten after six hours", 0, new double[][] {{300, 40, 1}, {300, 40, 1}, {0, 40, 0}},
                        6 * 3600, 0.8, Throughput.Source.assumed),
                // The calm interval after the drain had 10 in flight: the drain's arrivals were taken as
                // 10 slots' worth, so 4 * 600 / (40 * 30 - 10 * 30) = 2.67, above the bound of 2.
                new Case("a drain ending in a calm interval is corrected for the arrivals the calm shows", 0,
                        new double[][] {{300, 40, 1}, {300, 40, 1}, {0, 40, 0, 10}}, 0, 2400.0 / 900, Throughput.Source.learned),
                // 30 in flight against 40 busy slots would amplify the noise fourfold: the bound stays.
                new Case("a calm interval nearly as busy as the drain corrects nothing", 0,
                        new double[][] {{300, 40, 1}, {300, 40, 1}, {0, 40, 0, 30}}, 0, 2.0, Throughput.Source.learned),
                // An estimate is a measurement: it replaces the assumption even below it.
                new Case("an estimate below the assumption replaces it", 0,
                        new double[][] {{30, 40, 1}, {30, 40, 1}, {0, 40, 0, 5}}, 0, 240.0 / 1050, Throughput.Source.learned));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void learnsThroughputFromDrains(Case c) {
        // A declared throughput of 0 in a case: none declared, learned.
        ScalingPolicy policy = (c.declared() > 0 ? policy().workers(4, c.declared(), 120) : policy().learning(4, 120)).build();
        ServiceRate rate = ServiceRate.NONE;
        long t = 0;
        for (double[] interval : c.intervals()) {
            t += 15;
            OptionalDouble calm = interval.length > 3 ? OptionalDouble.of(interval[3]) : OptionalDouble.empty();
            rate = ServiceRateEstimator.observe(rate, 4, at(t), 15, interval[0], interval[1], interval[2] > 0, calm);
        }

        Throughput throughput = ServiceRateEstimator.throughput(policy, rate, at(t + c.askedAfter()));

        assertThat(throughput.perInstance()).isCloseTo(c.expected(), within(1e-9));
        assertThat(throughput.source()).isEqualTo(c.source());
    }

    private static final ScalingPolicy LEARNING = policy().learning(4, 120).build();

    /** {@code batches} observations 5 s apart, each of {@code count} leased tasks held {@code seconds} each. */
    private static ServiceRate leased(ServiceRate rate, long startSecond, int batches, long count, double seconds) {
        for (int i = 0; i < batches; i++) {
            rate = ServiceRateEstimator.observeTasks(rate, at(startSecond + 5L * i), new LeasedTasks(count, count * seconds));
        }
        return rate;
    }

    @Test
    void leasedTasksGiveConcurrencyOverTheirMeanHoldOnceThereAreEnough() {
        ServiceRate rate = leased(ServiceRate.NONE, 5, 19, 10, 0.8);
        Throughput tooFew = ServiceRateEstimator.throughput(LEARNING, rate, at(100));
        assertThat(tooFew.source()).as("190 tasks are too few").isEqualTo(Throughput.Source.assumed);
        assertThat(tooFew.describe()).isEqualTo("0.80 msg/s/instance (assumed; so far 190 leased tasks of the 200 needed)");

        rate = leased(rate, 100, 1, 10, 0.8);
        Throughput throughput = ServiceRateEstimator.throughput(LEARNING, rate, at(100));

        // 200 tasks of 0.8 s: one slot does 1.25 tasks/s, four slots 5.
        assertThat(throughput.perInstance()).isCloseTo(5.0, within(1e-9));
        assertThat(throughput.source()).isEqualTo(Throughput.Source.learned);
        assertThat(throughput.describe()).isEqualTo("5.00 msg/s/instance (learned from 200 leased tasks)");
    }

    @Test
    void theMostRecentTasksCountSoASlowerReleaseShowsWithinMinutes() {
        ServiceRate rate = leased(ServiceRate.NONE, 5, 60, 10, 1.0);
        // Now every task takes 2 s: after 2000 of them only those count.
        rate = leased(rate, 400, 150, 20, 2.0);

        Throughput throughput = ServiceRateEstimator.throughput(LEARNING, rate, at(1200));

        assertThat(throughput.perInstance()).isCloseTo(2.0, within(1e-9));
        assertThat(throughput.observations()).isEqualTo(2000);
        assertThat(rate.leasedTasks()).hasSize(100);
    }

    @Test
    void leasedTasksAreForgottenAfterTheMemory() {
        ServiceRate rate = leased(ServiceRate.NONE, 5, 30, 10, 1.0);

        Throughput throughput = ServiceRateEstimator.throughput(LEARNING, rate,
                at(150).plus(ServiceRateEstimator.MEMORY));

        assertThat(throughput.source()).isEqualTo(Throughput.Source.assumed);
        assertThat(throughput.describe()).as("nothing seen within the memory").isEqualTo("0.80 msg/s/instance (assumed)");
    }

    @Test
    void aDrainThatProvesMoreOverrulesLeasesHeldAcrossSeveralTasks() {
        // A drain proving at least 4 * 600 / (40 * 30) = 2 per instance,
        ServiceRate rate = ServiceRate.NONE;
        rate = ServiceRateEstimator.observe(rate, 4, at(15), 15, 300, 40, true, OptionalDouble.empty());
        rate = ServiceRateEstimator.observe(rate, 4, at(30), 15, 300, 40, true, OptionalDouble.empty());
        rate = ServiceRateEstimator.observe(rate, 4, at(45), 15, 0, 40, false, OptionalDouble.empty());
        // and workers that hold one lease over ten 1 s tasks: 4 / 10 s = 0.4 per instance.
        rate = leased(rate, 50, 20, 10, 10.0);

        Throughput throughput = ServiceRateEstimator.throughput(LEARNING, rate, at(200));

        assertThat(throughput.perInstance()).isCloseTo(2.0, within(1e-9));
        assertThat(throughput.evidence()).isEqualTo(Throughput.Evidence.drainedBacklogs);
        assertThat(throughput.describe())
                .isEqualTo("2.00 msg/s/instance (learned from 1 drained backlog, faster than 200 leased tasks show)");
    }

    @Test
    void aMemoryKeptBeforeLeasesOrDeletionsWereLearnedFromReadsWithNone() {
        ServiceRate old = new ServiceRate(0, 0, 0, java.util.List.of(), java.util.List.of(), null, null);

        assertThat(old.leasedTasks()).isEmpty();
        assertThat(old.saturatedMinutes()).isEqualTo(SaturatedMinutes.NONE);
        assertThat(ServiceRateEstimator.observeTasks(old, at(5), LeasedTasks.NONE)).isSameAs(old);
    }
}
