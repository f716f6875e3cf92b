package io.queueautoscaler.api;

/** The body of {@code PUT /v1/policies/{name}/pause}; every field optional, the body too. */
public record PauseBody(String reason, String until, String by) {
}
