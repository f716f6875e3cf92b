package io.queueautoscaler.cluster;

import io.queueautoscaler.policy.ScalingPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A policy's content as a SHA-256 hex digest of its parsed form: comments, key order and
 * spelled-out defaults do not change it, any field that changes behaviour does.
 */
public final class PolicyFingerprint {
    private PolicyFingerprint() {
    }

    public static String of(ScalingPolicy policy) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(policy.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
