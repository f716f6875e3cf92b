package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.at;
import static io.queueautoscaler.recommend.PolicyFixture.fleet;
import static io.queueautoscaler.testing.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.queueautoscaler.policy.ScalingPolicy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Work in messages, at 2 msg/s/instance and a 120 s warmup: one instance does 240 in a warmup. */
class SupplyTest {
    static final long NOW = 1000;

    /** {@code events}: (seconds before now, change); the fleet: desired, in service. */
    record Case(String name, int desired, int inService, int[][] events, int capacity, double seconds, double expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        int[][] none = {};
        return Stream.of(
                new Case("instances in service work from now", 4, 4, none, 4, 60, 4 * 2 * 60),
                new Case("new instances work only after the warmup", 4, 4, none, 6, 180, 4 * 2 * 180 + 2 * 2 * 60),
                new Case("before the warmup ends new instances add nothing", 4, 4, none, 10, 120, 4 * 2 * 120),
                new Case("a scale-in takes effect at once", 4, 4, none, 1, 60, 1 * 2 * 60),
                new Case("scaling to zero does nothing", 4, 4, none, 0, 60, 0),
                new Case("pending instances land when their own warmup ends", 6, 2, new int[][] {{90, 4}}, 6, 60,
                        2 * 2 * 60 + 4 * 2 * 30),
                new Case("pending instances and new ones land at their own times", 6, 2, new int[][] {{90, 4}}, 8, 180,
                        2 * 2 * 180 + 4 * 2 * 150 + 2 * 2 * 60),
                new Case("with zero in service nothing works until a landing", 3, 0, new int[][] {{60, 3}}, 3, 90,
                        3 * 2 * 30),
                new Case("pending instances no event explains land by the next evaluation", 5, 3, none, 5, 60,
                        3 * 2 * 60 + 2 * 2 * 45),
                new Case("a scale-in keeps the pending instances only up to the new capacity", 6, 2,
                        new int[][] {{90, 4}}, 3, 60, 2 * 2 * 30 + 3 * 2 * 30));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void countsTheWorkEachInstanceCanDoBeforeADeadline(Case c) {
        List<ScaleEvent> events = Stream.of(c.events()).map(e -> new ScaleEvent(at(NOW - e[0]), e[1])).toList();
        ScalingPolicy policy = policy().workers(4, 2, 120).build();

        Supply supply = Supply.of(policy, fleet(c.desired(), c.inService(), 0), events, at(NOW), 2);

        assertThat(supply.work(c.capacity(), c.seconds())).isCloseTo(c.expected(), within(1e-6));
    }
}
