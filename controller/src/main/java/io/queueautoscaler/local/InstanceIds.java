package io.queueautoscaler.local;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/** Mints EC2-shaped instance IDs: {@code i-} and 17 hex digits. */
final class InstanceIds {
    private InstanceIds() {
    }

    static String next(RandomGenerator random) {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return "i-" + HexFormat.of().formatHex(bytes).substring(0, 17);
    }
}
