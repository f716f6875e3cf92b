package io.queueautoscaler.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ThrottledWarningTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final ThrottledWarning warning = new ThrottledWarning(Logger.getLogger(Sidecar.class.getName()), clock);

    @Test
    void theFirstOccurrenceIsLoggedAtOnce() {
        try (LogRecords log = new LogRecords()) {
            warning.warn("daemon down");

            assertThat(log.messagesContaining("daemon down")).containsExactly("daemon down");
        }
    }

    @Test
    void repeatsWithinTheMinuteAreCountedNotLogged() {
        try (LogRecords log = new LogRecords()) {
            warning.warn("daemon down");
            clock.advance(Duration.ofSeconds(30));
            warning.warn("daemon down");
            clock.advance(Duration.ofSeconds(29));
            warning.warn("daemon down");

            assertThat(log.messagesContaining("daemon down")).hasSize(1);
        }
    }

    @Test
    void aMinuteLaterOneLineSaysHowManyWereHeldBack() {
        try (LogRecords log = new LogRecords()) {
            warning.warn("daemon down");
            warning.warn("daemon down");
            warning.warn("daemon down");
            clock.advance(Duration.ofMinutes(1));
            warning.warn("daemon still down");

            assertThat(log.messagesContaining("daemon")).containsExactly("daemon down",
                    "daemon still down (2 more like it since 2026-11-30T10:00:00Z)");
        }
    }
}
