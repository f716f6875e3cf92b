package io.queueautoscaler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;

/**
 * Request bodies read strictly: an unknown field is an error, not ignored, so that a misspelt
 * {@code untill} cannot turn a one-hour pause into one that never lapses. The errors go to
 * {@link JsonBodyMapper}, which words them for a person.
 */
final class StrictJson {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StrictJson() {
    }

    /** The body as a {@code type}, or null when there is no body. */
    static <T> T read(String body, Class<T> type) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            return null;
        }
        return MAPPER.readValue(body, type);
    }
}
