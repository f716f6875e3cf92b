package io.queueautoscaler.worker;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon's answer about an instance (GET, or a renewal of several holders): whether it is
 * protected or draining, and each live holder's expiry. Read with patterns, like {@link LeaseAnswer}.
 */
record InstanceAnswer(boolean protectedFromScaleIn, boolean draining, Map<String, Instant> holders) {
    private static final Pattern HOLDER = Pattern.compile(
            "\\{\\s*\"holder\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,\\s*\"expiresAt\"\\s*:\\s*\"([^\"]*)\"\\s*}");

    InstanceAnswer {
        holders = Map.copyOf(holders);
    }

    static InstanceAnswer parse(String body) {
        Map<String, Instant> holders = new LinkedHashMap<>();
        Matcher m = HOLDER.matcher(body);
        while (m.find()) {
            try {
                holders.put(LeaseAnswer.unescape(m.group(1)), Instant.parse(m.group(2)));
            } catch (DateTimeParseException e) {
                throw new ProtectionException(0, "the daemon's answer has an unreadable expiresAt: " + m.group(2), e);
            }
        }
        return new InstanceAnswer(LeaseAnswer.flag(LeaseAnswer.PROTECTED, body), LeaseAnswer.flag(LeaseAnswer.DRAINING, body),
                holders);
    }

    /** The latest expiry among the holders: until when the instance stays leased without another renewal. */
    Instant latestExpiry() {
        return holders.values().stream().max(Instant::compareTo).orElse(Instant.EPOCH);
    }
}
