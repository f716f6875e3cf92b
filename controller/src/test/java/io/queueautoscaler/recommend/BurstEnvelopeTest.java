package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plan 51 s (85% of a 60 s target) at a 60 s warmup and a 15 s interval: a burst window of
 * 60 + 2 * 15 - 51 = 39 s.
 */
class BurstEnvelopeTest {
    static final double PLAN = 51;
    static final double WINDOW = 39;

    /** Cumulative arrivals every 15 s, the previous burst rate and the expected one. */
    record Case(String name, double[] cumulative, double previous, double expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // Steady 10 msg/s: the longest interval within the window, 30 s, gives 300 / (30 + 51).
                new Case("steady arrivals need less than their rate", new double[] {0, 150, 300, 450, 600, 750}, 0,
                        300 / (30 + PLAN)),
                // A 15 s spike of 900: 900 / (15 + 51) beats the longer interval.
                new Case("a short spike is measured on its own interval", new double[] {0, 0, 0, 0, 0, 900}, 0,
                        900 / (15 + PLAN)),
                // An earlier peak decays with the window as time constant over the 15 s since.
                new Case("an earlier peak decays", new double[] {0, 0}, 20, 20 * Math.exp(-15 / WINDOW)),
                new Case("intervals longer than the window do not count", new double[] {0, 3000, 3000, 3000, 3000, 3000, 3000, 3000},
                        0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sizesForRecentBurstsWithoutReacting(Case c) {
        List<ArrivalMark> recent = List.of(new ArrivalMark(at(0), c.cumulative()[0]));
        for (int i = 1; i < c.cumulative().length; i++) {
            recent = BurstEnvelope.recent(recent, new ArrivalMark(at(15L * i), c.cumulative()[i]), WINDOW);
        }

        double rate = BurstEnvelope.rate(c.previous(), 15, recent, WINDOW, PLAN);

        assertThat(rate).isCloseTo(c.expected(), within(1e-9));
        // Only the marks within the window are kept, plus the one just before them.
        java.time.Instant last = recent.get(recent.size() - 1).time();
        assertThat(recent.subList(1, recent.size()))
                .allSatisfy(m -> assertThat(m.time()).isAfter(last.minusSeconds((long) WINDOW)));
    }
}
