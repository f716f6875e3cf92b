package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WindowsTest {
    private static final Instant NOW = at(1000);

    record Case(String name, double ageSeconds, int window, int interval, boolean within) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("an evaluation one interval ago is out of a window of one interval", 15, 15, 15, false),
                new Case("so it is when this one runs a millisecond early", 14.999, 15, 15, false),
                new Case("or a second early", 14.0, 15, 15, false),
                new Case("but not two seconds early: that is no tick of the grid", 13.0, 15, 15, true),
                new Case("an evaluation a millisecond short of a window of 300 s is out of it", 299.999, 300, 15, false),
                new Case("one an interval inside it is in", 285.001, 300, 15, true),
                new Case("between ticks the window counts to the second", 22, 25, 15, true),
                new Case("and to the second on the other side", 26, 25, 15, false),
                new Case("a zero window holds no earlier evaluation", 0.4, 0, 15, false),
                new Case("a time a moment in the future (another node's clock) is now", -0.3, 15, 15, true),
                new Case("at a 1 s interval a quarter second is the most a tick may stray", 0.8, 1, 1, false),
                new Case("and more is taken as it is", 0.7, 1, 1, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void countsAnEvaluationWithinAJitterOfTheGridAsOnIt(Case c) {
        Instant time = NOW.minusNanos(Math.round(c.ageSeconds() * 1e9));

        assertThat(Windows.within(time, NOW, c.window(), c.interval())).isEqualTo(c.within());
    }
}
