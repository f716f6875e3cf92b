package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.at;
import static io.queueautoscaler.testing.PolicyBuilder.unlimited;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StabilizationTest {
    static final long NOW = 1000;
    /** Evaluations 15 s apart, as by default. */
    static final int INTERVAL = 15;

    /** {@code history} as (seconds before now, recommendation) pairs. */
    record Case(String name, int upWindow, int downWindow, int current, int proposed, int[][] history, int expected,
                Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("with the default windows a scale-out is immediate", 0, 300, 4, 9,
                        new int[][] {{60, 4}, {30, 2}}, 9, null),
                new Case("a scale-in takes the highest recommendation of the last 300 s", 0, 300, 10, 4,
                        new int[][] {{290, 12}, {100, 7}}, 10, Reason.SCALE_DOWN_STABILIZED),
                new Case("a scale-in goes as low as the highest recent recommendation", 0, 300, 10, 4,
                        new int[][] {{200, 6}, {100, 5}}, 6, Reason.SCALE_DOWN_STABILIZED),
                new Case("a recommendation exactly at the window's start has left it", 0, 300, 10, 4,
                        new int[][] {{300, 12}}, 4, null),
                new Case("a recommendation an evaluation inside the window still counts", 0, 300, 10, 4,
                        new int[][] {{285, 12}}, 10, Reason.SCALE_DOWN_STABILIZED),
                new Case("one a window ago has left it, even when this evaluation runs a second early", 0, 300, 10, 4,
                        new int[][] {{299, 12}}, 4, null),
                new Case("one between evaluations counts to the second", 0, 300, 10, 4,
                        new int[][] {{297, 12}}, 10, Reason.SCALE_DOWN_STABILIZED),
                new Case("a scale-up window takes the lowest recent recommendation", 60, 300, 4, 9,
                        new int[][] {{45, 6}, {30, 8}}, 6, Reason.SCALE_UP_STABILIZED),
                new Case("a scale-up window never goes below current", 60, 300, 4, 9,
                        new int[][] {{45, 2}}, 4, Reason.SCALE_UP_STABILIZED),
                new Case("without history the recommendation passes", 0, 300, 10, 4, new int[][] {}, 4, null),
                new Case("a zero scale-down window scales in at once", 0, 0, 10, 4,
                        new int[][] {{10, 12}}, 4, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stabilizesLikeTheHpa(Case c) {
        List<TimedCapacity> history = Stream.of(c.history())
                .map(h -> new TimedCapacity(at(NOW - h[0]), h[1])).toList();

        var stage = Stabilization.apply(unlimited(c.upWindow(), c.downWindow()), c.current(), c.proposed(), history, at(NOW),
                INTERVAL);

        assertThat(stage.map(Stage::capacity).orElse(c.proposed())).isEqualTo(c.expected());
        assertThat(stage.map(Stage::reason).orElse(null)).isEqualTo(c.reason());
    }

    record MemoryCase(String name, int upWindow, int downWindow, int[] ages, int[] kept) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<MemoryCase> memory() {
        return Stream.of(
                new MemoryCase("recommendations older than the longest window and one evaluation are dropped", 0, 300,
                        new int[] {400, 315, 300, 299, 15}, new int[] {300, 299, 15, 0}),
                new MemoryCase("the scale-up window counts when it is the longer", 600, 300,
                        new int[] {700, 500, 15}, new int[] {500, 15, 0}),
                new MemoryCase("with both windows at zero only the new one is kept", 0, 0,
                        new int[] {15}, new int[] {0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memory")
    void remembersWhatTheWindowsCanSee(MemoryCase c) {
        List<TimedCapacity> history = Arrays.stream(c.ages()).mapToObj(a -> new TimedCapacity(at(NOW - a), 3)).toList();

        List<TimedCapacity> kept = Stabilization.remember(unlimited(c.upWindow(), c.downWindow()), history, 5, at(NOW),
                INTERVAL);

        assertThat(kept).extracting(r -> Duration.between(r.time(), at(NOW)).toSeconds())
                .containsExactly(Arrays.stream(c.kept()).asLongStream().boxed().toArray(Long[]::new));
        assertThat(kept.get(kept.size() - 1).capacity()).isEqualTo(5);
    }

    record InitialCase(String name, List<TimedCapacity> history, List<Integer> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<InitialCase> initial() {
        return Stream.of(
                new InitialCase("a policy without history starts with the current capacity", List.of(), List.of(7)),
                new InitialCase("a policy with history keeps it", List.of(new TimedCapacity(at(NOW - 15), 3)), List.of(3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("initial")
    void startsTheWindowWithTheCurrentCapacity(InitialCase c) {
        assertThat(Stabilization.initialized(c.history(), 7, at(NOW))).extracting(TimedCapacity::capacity)
                .containsExactlyElementsOf(c.expected());
    }
}
