package io.queueautoscaler.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The API reads JSON strictly: {@code {"leaseSeconds": 60} garbage} and
 * {@code {"leaseSeconds": 60, "leaseSeconds": 3600}} are 400s, not whatever the parser's first
 * or last guess would be.
 */
public final class StrictJson {
    private StrictJson() {
    }

    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper;
    }
}
