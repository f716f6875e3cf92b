package io.queueautoscaler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueautoscaler.lease.Holders;
import jakarta.ws.rs.BadRequestException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The body of a lease request: {@code {"leaseSeconds": 300, "holder": "task-17"}} for one holder,
 * {@code {"leaseSeconds": 300, "holders": ["task-17", "task-18"]}} for several, or nothing (the
 * policy's default lease for the instance's default holder). Read by hand so that every mistake
 * gets a message that says what to send instead.
 */
record LeaseRequestBody(OptionalInt leaseSeconds, Optional<String> holder, Optional<List<String>> holders) {
    private static final ObjectMapper JSON = StrictJson.configure(new ObjectMapper());
    private static final Set<String> FIELDS = Set.of("leaseSeconds", "holder", "holders");
    private static final String EXAMPLE = "send {\"leaseSeconds\": 300, \"holder\": \"task-17\"} or "
            + "{\"leaseSeconds\": 300, \"holders\": [\"task-17\", \"task-18\"]}, or no body for the policy's default";

    static LeaseRequestBody parse(String body) {
        if (body == null || body.isBlank()) {
            return new LeaseRequestBody(OptionalInt.empty(), Optional.empty(), Optional.empty());
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
            if (!FIELDS.contains(name)) {
                throw new BadRequestException("unknown field '" + name + "' in the body: the fields are leaseSeconds, "
                        + "holder and holders; " + EXAMPLE);
            }
        }
        JsonNode holder = root.get("holder");
        JsonNode holders = root.get("holders");
        if (present(holder) && present(holders)) {
            throw new BadRequestException("give either holder (one lease) or holders (several), not both: " + EXAMPLE);
        }
        return new LeaseRequestBody(leaseSeconds(root.get("leaseSeconds")),
                present(holder) ? Optional.of(text(holder, "holder")) : Optional.empty(),
                present(holders) ? Optional.of(list(holders)) : Optional.empty());
    }

    private static OptionalInt leaseSeconds(JsonNode seconds) {
        if (!present(seconds)) {
            return OptionalInt.empty();
        }
        if (!seconds.isIntegralNumber() || !seconds.canConvertToInt()) {
            throw new BadRequestException("leaseSeconds must be a whole number of seconds, was " + seconds + ": " + EXAMPLE);
        }
        return OptionalInt.of(seconds.intValue());
    }

    private static List<String> list(JsonNode holders) {
        if (!holders.isArray() || holders.isEmpty() || holders.size() > Holders.MAX_PER_INSTANCE) {
            throw new BadRequestException("holders must be a list of 1 to " + Holders.MAX_PER_INSTANCE
                    + " holder names: " + EXAMPLE);
        }
        List<String> names = new ArrayList<>(holders.size());
        holders.forEach(h -> names.add(text(h, "holders[" + names.size() + "]")));
        return names;
    }

    private static String text(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new BadRequestException(field + " must be a string of 1 to " + Holders.MAX_NAME_LENGTH
                    + " printable ASCII characters, was " + node.getNodeType().name().toLowerCase() + ": " + EXAMPLE);
        }
        return node.textValue();
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }
}
