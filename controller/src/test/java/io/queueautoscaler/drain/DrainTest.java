package io.queueautoscaler.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.fleet.LifecycleHook;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a drain does at a tick: a heartbeat timeout of 300 s, a global timeout of 600 s, a margin of 60 s. */
class DrainTest {
    private static final Instant SEEN = Instant.parse("2026-11-30T10:00:00Z");
    private static final LifecycleHook HOOK = new LifecycleHook("thumbnails-workers", "drain-workers",
            LifecycleHook.TERMINATING, Duration.ofSeconds(300), Duration.ofSeconds(600));
    private static final Duration MARGIN = Duration.ofSeconds(60);

    static Stream<Arguments> steps() {
        Drain fresh = Drain.seen("i-0a1b2c3d4e5f60002", HOOK, SEEN);
        Drain beaten = fresh.heartbeatAt(SEEN);
        return Stream.of(
                Arguments.of("an idle instance is let go at once", fresh, false, 0, DrainStep.COMPLETE_IDLE),
                Arguments.of("a leased instance gets a heartbeat at once", fresh, true, 0, DrainStep.HEARTBEAT),
                Arguments.of("no heartbeat before a third of the timeout", beaten, true, 99, DrainStep.NOTHING),
                Arguments.of("a heartbeat after a third of the timeout", beaten, true, 100, DrainStep.HEARTBEAT),
                Arguments.of("the last lease ended between two heartbeats", beaten, false, 50, DrainStep.COMPLETE_IDLE),
                Arguments.of("still leased just before the margin", beaten.heartbeatAt(SEEN.plusSeconds(500)), true, 539,
                        DrainStep.NOTHING),
                Arguments.of("still leased when the global timeout is a margin away", beaten.heartbeatAt(SEEN.plusSeconds(500)),
                        true, 540, DrainStep.COMPLETE_AT_DEADLINE),
                Arguments.of("let go already: nothing more", beaten.completedAt(SEEN.plusSeconds(10)), false, 20,
                        DrainStep.NOTHING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void decidesTheStep(String why, Drain drain, boolean leased, int secondsAfterSeen, DrainStep expected) {
        assertThat(drain.next(leased, SEEN.plusSeconds(secondsAfterSeen), MARGIN)).isEqualTo(expected);
    }
}
