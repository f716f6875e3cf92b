package io.queueautoscaler.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A request body that is not the JSON an endpoint takes gets a 400 in plain words: where the
 * text stops being JSON, which field is unknown (and which are allowed), or which field has the
 * wrong kind of value; never the parser's own message with its class names and token codes.
 * The priority puts it ahead of Dropwizard's default mapper for the same exception.
 */
@Priority(1)
public final class JsonBodyMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(400, message(e))).build();
    }

    static String message(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "' in the request body; the fields are " + names(u.getKnownPropertyIds());
        }
        if (e instanceof InvalidFormatException f) {
            return "field '" + path(f) + "' must be " + kind(f.getTargetType()) + ", not " + f.getValue();
        }
        if (e instanceof MismatchedInputException m && !path(m).isEmpty()) {
            return "field '" + path(m) + "' must be " + kind(m.getTargetType());
        }
        if (e instanceof MismatchedInputException) {
            return "the request body must be a JSON object such as {\"reason\": \"...\"}";
        }
        String where = Optional.ofNullable(e.getLocation())
                .map(l -> " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")").orElse("");
        if (e instanceof JsonParseException) {
            return "the request body is not valid JSON" + where + ": check quotes, commas and braces";
        }
        return "the request body could not be read as JSON" + where;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static String names(Collection<Object> ids) {
        return ids.stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
    }
}
