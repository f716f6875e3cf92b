package io.queueautoscaler.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.Behavior;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ToleranceTest {

    record Case(String name, double upTolerance, double downTolerance, int current, int proposed, int expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a ratio of exactly 1.1 is within the default tolerance", 0.1, 0.1, 10, 11, 10),
                new Case("a ratio above 1.1 scales out", 0.1, 0.1, 10, 12, 12),
                new Case("a ratio of exactly 0.9 is within the default tolerance", 0.1, 0.1, 10, 9, 10),
                new Case("a ratio below 0.9 scales in", 0.1, 0.1, 10, 8, 8),
                new Case("the scale-up tolerance applies to a scale-out", 0.25, 0.0, 8, 10, 8),
                new Case("the scale-down tolerance applies to a scale-in", 0.25, 0.0, 8, 7, 7),
                new Case("zero tolerance lets any change through", 0.0, 0.0, 100, 101, 101),
                new Case("a pool at zero has no ratio and always moves", 0.1, 0.1, 0, 1, 1),
                new Case("going to zero is never within tolerance", 0.1, 0.1, 1, 0, 0),
                new Case("an unchanged number is left alone", 0.1, 0.1, 5, 5, 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void holdsWithinTolerance(Case c) {
        Behavior behavior = new Behavior(
                new Behavior.Rules(0, Behavior.SelectPolicy.Max, List.of(), c.upTolerance()),
                new Behavior.Rules(300, Behavior.SelectPolicy.Max, List.of(), c.downTolerance()));

        int result = Tolerance.apply(behavior, c.current(), c.proposed()).map(Stage::capacity).orElse(c.proposed());

        assertThat(result).isEqualTo(c.expected());
        Tolerance.apply(behavior, c.current(), c.proposed()).ifPresent(stage -> {
            assertThat(stage.reason()).isEqualTo(Reason.WITHIN_TOLERANCE);
            assertThat(stage.detail()).startsWith(c.proposed() + " / " + c.current() + " = ");
        });
    }
}
