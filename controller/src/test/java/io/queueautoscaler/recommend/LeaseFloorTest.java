package io.queueautoscaler.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.Target;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LeaseFloorTest {

    record Case(String name, int leased, int max, int proposed, int expected, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a scale-in below the leased instances stops at them", 5, 40, 2, 5,
                        "5 instances hold protection leases: 5 instead of 2"),
                new Case("scaling to zero stops at the leased instances", 3, 40, 0, 3,
                        "3 instances hold protection leases: 3 instead of 0"),
                new Case("scaling to zero stops at the one leased instance", 1, 40, 0, 1,
                        "1 instance holds protection leases: 1 instead of 0"),
                new Case("a number at or above the leased instances passes", 5, 40, 5, 5, ""),
                new Case("no leases, no floor", 0, 40, 0, 0, ""),
                new Case("maxCapacity caps the floor", 12, 10, 4, 10,
                        "12 instances hold protection leases: 10 instead of 4 (capped at maxCapacity 10)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void neverAsksForFewerThanTheLeasedInstances(Case c) {
        var stage = LeaseFloor.apply(new Target("jobs-workers", 0, c.max()), PolicyFixture.fleet(8, 8, c.leased()),
                c.proposed());

        assertThat(stage.map(Stage::capacity).orElse(c.proposed())).isEqualTo(c.expected());
        stage.ifPresent(s -> {
            assertThat(s.reason()).isEqualTo(Reason.LEASE_FLOOR);
            assertThat(s.detail()).isEqualTo(c.says());
        });
    }
}
