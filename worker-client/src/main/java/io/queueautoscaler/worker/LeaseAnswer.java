package io.queueautoscaler.worker;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of the daemon's answer to one holder's take or renewal that a worker needs. The
 * answer is a flat JSON object of known shape, so a few patterns read it and the client needs no
 * JSON library.
 */
record LeaseAnswer(String autoScalingGroupName, Instant expiresAt, boolean protectedFromScaleIn, boolean draining) {
    private static final Pattern GROUP = Pattern.compile("\"autoScalingGroupName\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern EXPIRES = Pattern.compile("\"expiresAt\"\\s*:\\s*\"([^\"]*)\"");
    static final Pattern PROTECTED = Pattern.compile("\"protected\"\\s*:\\s*(true|false)");
    static final Pattern DRAINING = Pattern.compile("\"draining\"\\s*:\\s*(true|false)");
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    static LeaseAnswer parse(String body) {
        String group = find(GROUP, body).map(LeaseAnswer::unescape).orElse("");
        String expires = find(EXPIRES, body).orElseThrow(() -> new ProtectionException(0,
                "the daemon's lease answer has no expiresAt: " + abbreviate(body)));
        boolean isProtected = flag(PROTECTED, body);
        try {
            return new LeaseAnswer(group, Instant.parse(expires), isProtected, flag(DRAINING, body));
        } catch (DateTimeParseException e) {
            throw new ProtectionException(0, "the daemon's lease answer has an unreadable expiresAt: " + expires, e);
        }
    }

    /** The message of an error answer {@code {"code": 404, "message": "..."}}, or the body itself. */
    static String errorMessage(String body) {
        return find(MESSAGE, body).map(LeaseAnswer::unescape).orElse(abbreviate(body));
    }

    static boolean flag(Pattern pattern, String body) {
        return find(pattern, body).map(Boolean::parseBoolean).orElse(false);
    }

    static Optional<String> find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 < text.length()) {
                        out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> out.append(next); // \" \\ \/
            }
        }
        return out.toString();
    }

    static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
