package io.queueautoscaler.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.Target;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BoundsTest {

    record Case(String name, int min, int max, int proposed, int expected, Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("below minCapacity is raised to it", 2, 10, 0, 2, Reason.BELOW_MIN),
                new Case("above maxCapacity is lowered to it", 2, 10, 25, 10, Reason.ABOVE_MAX),
                new Case("exactly maxCapacity stays", 2, 10, 10, 10, null),
                new Case("exactly minCapacity stays", 2, 10, 2, 2, null),
                new Case("a group pinned at one size stays there", 3, 3, 7, 3, Reason.ABOVE_MAX),
                new Case("a group whose maximum is zero never starts", 0, 0, 1, 0, Reason.ABOVE_MAX));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void clampsToTheGroupBounds(Case c) {
        var stage = Bounds.apply(new Target("jobs-workers", c.min(), c.max()), c.proposed());

        assertThat(stage.map(Stage::capacity).orElse(c.proposed())).isEqualTo(c.expected());
        assertThat(stage.map(Stage::reason).orElse(null)).isEqualTo(c.reason());
    }
}
