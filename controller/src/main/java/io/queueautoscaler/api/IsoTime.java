package io.queueautoscaler.api;

import jakarta.ws.rs.BadRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Times on the wire: ISO-8601 UTC, absent when blank; anything else is a 400 that shows the form.
 * ISO-8601 accepts years up to +999999999, which no database timestamp can bind, so the API takes
 * years 1970 to 9999 and says so.
 */
final class IsoTime {
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private IsoTime() {
    }

    static Optional<Instant> parse(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Instant parsed;
        try {
            parsed = Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " '" + Printable.of(value)
                    + "' is not an ISO-8601 UTC time such as 2026-01-31T12:00:00Z");
        }
        if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
            throw new BadRequestException(name + " '" + value + "' is out of range: give a time between "
                    + EARLIEST + " and " + LATEST);
        }
        return Optional.of(parsed);
    }
}
