package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.depth;
import static io.queueautoscaler.recommend.PolicyFixture.fleet;
import static io.queueautoscaler.recommend.PolicyFixture.observe;
import static io.queueautoscaler.testing.PolicyBuilder.HIGH;
import static io.queueautoscaler.testing.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.ScalingPolicy;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationTest {

    /** A pool at zero sees {@code backlogs} in turn, the mode asking for 3 instances each time. */
    record FromZero(String name, long activationBacklog, int observations, long[] backlogs, int expected, int streak) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<FromZero> fromZero() {
        return Stream.of(
                new FromZero("one observation at the activation backlog starts the pool", 1, 1, new long[] {1}, 3, 1),
                new FromZero("the pool waits for the configured number of observations", 10, 3, new long[] {12, 15}, 0, 2),
                new FromZero("the third consecutive observation starts it", 10, 3, new long[] {12, 15, 11}, 3, 3),
                new FromZero("a flicker below the activation backlog starts the count again", 10, 3,
                        new long[] {12, 15, 4, 20, 30}, 0, 2),
                new FromZero("a backlog under activationBacklog never starts it", 10, 1, new long[] {9, 9, 9}, 0, 0),
                new FromZero("an empty queue never starts it even with activationBacklog 0", 0, 1, new long[] {0}, 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fromZero")
    void aPoolAtZeroStartsOnlyAfterASteadyBacklog(FromZero c) {
        ScalingPolicy policy = policy().activation(c.activationBacklog(), c.observations()).build();
        int streak = 0;
        Activation.Result result = null;
        for (int i = 0; i < c.backlogs().length; i++) {
            result = Activation.apply(policy, observe(15L * i, fleet(0), depth(HIGH, c.backlogs()[i], 0)), 0, 3, streak);
            streak = result.streak();
        }

        assertThat(result.stage().map(Stage::capacity).orElse(3)).isEqualTo(c.expected());
        assertThat(result.streak()).isEqualTo(c.streak());
        result.stage().ifPresent(s -> assertThat(s.reason()).isEqualTo(Reason.ACTIVATION_PENDING));
    }

    record Running(String name, int current, int proposed, long inFlight, int expected, Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Running> running() {
        return Stream.of(
                new Running("messages in flight keep one instance", 3, 0, 2, 1, Reason.IN_FLIGHT_KEEPS_ALIVE),
                new Running("with nothing in flight a pool may go to zero", 3, 0, 0, 0, null),
                new Running("a running pool is not gated by activation", 3, 7, 0, 7, null),
                new Running("a pool asked to shrink but not to zero is left alone", 3, 1, 5, 1, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("running")
    void aRunningPoolIsNotTakenToZeroUnderWork(Running c) {
        ScalingPolicy policy = policy().activation(10, 3).build();

        Activation.Result result = Activation.apply(policy,
                observe(0, fleet(c.current()), depth(HIGH, 0, c.inFlight())), c.current(), c.proposed(), 2);

        assertThat(result.stage().map(Stage::capacity).orElse(c.proposed())).isEqualTo(c.expected());
        assertThat(result.stage().map(Stage::reason).orElse(null)).isEqualTo(c.reason());
        assertThat(result.streak()).isZero();
    }
}
