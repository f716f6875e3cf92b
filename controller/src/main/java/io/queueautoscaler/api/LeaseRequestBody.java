package io.queueautoscaler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.BadRequestException;
import java.util.Iterator;
import java.util.OptionalInt;

/**
 * The body of a lease request, {@code {"leaseSeconds": 300}} or nothing (the policy's default).
 * Read by hand so that every mistake gets a message that says what to send instead.
 */
final class LeaseRequestBody {
    private static final ObjectMapper JSON = StrictJson.configure(new ObjectMapper());
    private static final String EXAMPLE = "send {\"leaseSeconds\": 300}, or no body for the policy's default";

    private LeaseRequestBody() {
    }

    static OptionalInt leaseSeconds(String body) {
        if (body == null || body.isBlank()) {
            return OptionalInt.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("the body is not valid JSON (" + e.getOriginalMessage() + "): " + EXAMPLE);
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("the body must be a JSON object: " + EXAMPLE);
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("leaseSeconds")) {
                throw new BadRequestException("unknown field '" + name + "' in the body: the only field is leaseSeconds; " + EXAMPLE);
            }
        }
        JsonNode seconds = root.get("leaseSeconds");
        if (seconds == null || seconds.isNull()) {
            return OptionalInt.empty();
        }
        if (!seconds.isIntegralNumber() || !seconds.canConvertToInt()) {
            throw new BadRequestException("leaseSeconds must be a whole number of seconds, was " + seconds + ": " + EXAMPLE);
        }
        return OptionalInt.of(seconds.intValue());
    }
}
