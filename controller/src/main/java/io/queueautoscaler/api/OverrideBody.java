package io.queueautoscaler.api;

/** The body of {@code PUT /v1/policies/{name}/override}: desiredCapacity required, the rest optional. */
public record OverrideBody(Integer desiredCapacity, String until, String reason, String by) {
}
