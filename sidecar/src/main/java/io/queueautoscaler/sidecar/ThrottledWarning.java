package io.queueautoscaler.sidecar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A warning about a failure that repeats with every request (the daemon is down, the worker
 * application does not answer): logged the first time, then at most once per interval with how
 * many times it happened since, so an outage is one line a minute rather than one per message.
 */
final class ThrottledWarning {
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Logger log;
    private final Clock clock;
    private Instant lastLogged;
    private long suppressed;

    ThrottledWarning(Logger log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Counts one occurrence; logs {@code message} when the interval since the last line has passed. */
    void warn(String message) {
        String line;
        synchronized (this) {
            Instant now = clock.instant();
            if (lastLogged != null && now.isBefore(lastLogged.plus(INTERVAL))) {
                suppressed++;
                return;
            }
            line = suppressed == 0 ? message
                    : message + " (" + suppressed + " more like it since " + lastLogged + ")";
            lastLogged = now;
            suppressed = 0;
        }
        log.log(Level.WARNING, line);
    }
}
