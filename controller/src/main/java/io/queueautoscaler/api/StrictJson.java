package io.queueautoscaler.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;

/**
 * The API reads JSON strictly: {@code {"leaseSeconds": 60} garbage} and
 * {@code {"leaseSeconds": 60, "leaseSeconds": 3600}} are 400s, not whatever the parser's first
 * or last guess would be. Bodies read with {@link #read} also refuse unknown fields, so that a
 * misspelt {@code untill} cannot turn a one-hour pause into one that never lapses; the errors go
 * to {@link JsonBodyMapper}, which words them for a person.
 */
public final class StrictJson {
    private static final ObjectMapper MAPPER = configure(Jackson.newObjectMapper())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StrictJson() {
    }

    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper;
    }

    /** The body as a {@code type}, or null when there is no body. */
    static <T> T read(String body, Class<T> type) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            return null;
        }
        return MAPPER.readValue(body, type);
    }
}
