package io.queueautoscaler.recommend;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The arithmetic and number formats the stages share, so that no stage reaches into another. */
final class Numbers {
    private Numbers() {
    }

    /** A number as a decision message shows it: whole numbers bare, others to two decimals. */
    static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** Whole instances a rate keeps busy; the epsilon keeps 6 / 2 at 3 despite binary floating point. */
    static int floor(double value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.floor(value + 1e-9));
    }

    static int ceil(double value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(value - 1e-9));
    }

    /** A count with its noun, plural unless it is one: "1 leased task", "3 leased tasks". */
    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** Three decimals: enough for a recorded estimate, short enough to read. */
    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /**
     * The time from {@code from} to {@code to} in seconds, to the nanosecond the clock gives;
     * negative when {@code to} comes first.
     */
    static double seconds(Instant from, Instant to) {
        Duration between = Duration.between(from, to);
        return between.getSeconds() + between.getNano() / 1e9;
    }
}
