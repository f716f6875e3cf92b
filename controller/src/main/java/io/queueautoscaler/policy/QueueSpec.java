package io.queueautoscaler.policy;

import java.util.Objects;

/** One queue feeding a worker group; a policy's queues are listed in priority order. */
public record QueueSpec(String url, int targetWaitSeconds) {
    public static final int DEFAULT_TARGET_WAIT_SECONDS = 300;

    public QueueSpec {
        Objects.requireNonNull(url, "url");
        if (targetWaitSeconds < 1) {
            throw new IllegalArgumentException("targetWaitSeconds must be at least 1: " + targetWaitSeconds);
        }
    }

    /** The queue's name: the last path segment of its URL, as SQS and CloudWatch name it. */
    public String name() {
        return nameOf(url);
    }

    /** The last path segment of a queue URL, a trailing slash ignored. */
    public static String nameOf(String queueUrl) {
        String trimmed = queueUrl.endsWith("/") ? queueUrl.substring(0, queueUrl.length() - 1) : queueUrl;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
