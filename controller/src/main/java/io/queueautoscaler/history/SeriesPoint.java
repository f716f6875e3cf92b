package io.queueautoscaler.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One point of a policy's chart: the decision in force at {@code at}. A folded run of repeated
 * decisions stands for every bucket it spans, each at its own moment, so an idle policy still
 * draws a line across the window.
 */
public record SeriesPoint(Instant at, Decision decision) {
    public SeriesPoint {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(decision, "decision");
    }
}
