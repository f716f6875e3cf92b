package io.queueautoscaler.api;

import jakarta.ws.rs.BadRequestException;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The windows the dashboard charts, each cut into {@value #POINTS} buckets. */
enum SeriesWindow {
    LAST_HOUR("1h", Duration.ofHours(1)),
    LAST_6_HOURS("6h", Duration.ofHours(6)),
    LAST_DAY("1d", Duration.ofDays(1)),
    LAST_WEEK("7d", Duration.ofDays(7));

    /** Enough points for a chart as wide as a screen, few enough to send in a blink. */
    static final int POINTS = 360;

    final String label;
    final Duration length;

    SeriesWindow(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    Duration step() {
        return length.dividedBy(POINTS);
    }

    static SeriesWindow parse(String value) {
        if (value == null || value.isBlank()) {
            return LAST_HOUR;
        }
        return Arrays.stream(values()).filter(w -> w.label.equals(value.trim())).findFirst()
                .orElseThrow(() -> new BadRequestException("window '" + value + "' is not one of "
                        + Arrays.stream(values()).map(w -> w.label).collect(Collectors.joining(", "))));
    }
}
