package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.at;
import static io.queueautoscaler.testing.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.queueautoscaler.policy.ScalingPolicy;
import java.util.OptionalDouble;
import java.util.stream.Stream;
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
}
