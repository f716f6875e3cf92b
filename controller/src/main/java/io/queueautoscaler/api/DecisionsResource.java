package io.queueautoscaler.api;

import io.queueautoscaler.api.auth.Role;
import io.queueautoscaler.history.DecisionLog;
import io.queueautoscaler.history.DecisionPage;
import io.queueautoscaler.history.DecisionQuery;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The decision history, for admins: newest first, filtered, paginated with an opaque cursor. */
@Path("/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public final class DecisionsResource {
    static final int DEFAULT_LIMIT = 50;
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final DecisionLog log;

    public DecisionsResource(DecisionLog log) {
        this.log = log;
    }

    @GET
    public DecisionListJson list(@QueryParam("policy") String policy, @QueryParam("since") String since,
                                 @QueryParam("until") String until, @QueryParam("limit") String limit,
                                 @QueryParam("cursor") String cursor) {
        DecisionQuery query = new DecisionQuery(
                Optional.ofNullable(policy).filter(p -> !p.isBlank()).map(DecisionsResource::policyName),
                instant("since", since),
                instant("until", until),
                limit(limit),
                Optional.ofNullable(cursor).filter(c -> !c.isBlank()).map(Cursor::decode));
        DecisionPage page = log.list(query);
        return new DecisionListJson(page.items().stream().map(DecisionJson::of).toList(),
                page.continueBefore().map(Cursor::encode).orElse(null));
    }

    @GET
    @Path("/{id}")
    public DecisionJson get(@PathParam("id") String id) {
        long parsed;
        try {
            parsed = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new BadRequestException("decision id '" + id + "' is not a number: use an id from GET /v1/decisions");
        }
        return log.find(parsed).map(DecisionJson::of)
                .orElseThrow(() -> new NotFoundException("no decision " + id + " (it may have passed the history's retention)"));
    }

    /** A name no policy can have (a NUL byte, which PostgreSQL refuses in text) matches nothing: a 400, not a query. */
    private static String policyName(String value) {
        if (value.length() > 63 || !ScalingPolicy.NAME.matcher(value).matches()) {
            throw new BadRequestException("policy '" + printable(value) + "' is not a policy name (lowercase letters, "
                    + "digits and '-', at most 63)");
        }
        return value;
    }

    /**
     * A time the stores can hold: ISO-8601 accepts years up to +999999999, which no database
     * timestamp can bind, so the API takes years 1970 to 9999 and says so.
     */
    private static Optional<Instant> instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Instant parsed;
        try {
            parsed = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " '" + printable(value) + "' is not an ISO-8601 UTC time such as 2026-01-31T12:00:00Z");
        }
        if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
            throw new BadRequestException(name + " '" + value + "' is out of range: give a time between " + EARLIEST + " and " + LATEST);
        }
        return Optional.of(parsed);
    }

    /** Control characters shown as Java escapes, so an error message never carries them into a log or a terminal. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(100).forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.toString();
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= DecisionQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new BadRequestException("limit '" + value + "' must be a whole number from 1 to " + DecisionQuery.MAX_LIMIT);
    }
}
