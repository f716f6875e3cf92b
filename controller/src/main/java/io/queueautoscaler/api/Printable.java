package io.queueautoscaler.api;

/** Text from a request, made safe to quote in an error message. */
final class Printable {
    private Printable() {
    }

    /** The first 100 characters, control characters shown as Java escapes, so an error never carries them into a log or a terminal. */
    static String of(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(100).forEach(c -> out.append(Character.isISOControl(c)
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.toString();
    }
}
