package io.queueautoscaler.api;

import jakarta.ws.rs.BadRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Times on the wire: ISO-8601 UTC, absent when blank; anything else is a 400 that shows the form. */
final class IsoTime {
    private IsoTime() {
    }

    static Optional<Instant> parse(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.trim()));
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " '" + value + "' is not an ISO-8601 UTC time such as 2026-01-31T12:00:00Z");
        }
    }
}
