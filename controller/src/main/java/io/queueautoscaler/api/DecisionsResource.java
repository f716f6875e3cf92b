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
import java.util.Optional;

/** The decision history, for admins: newest first, filtered, paginated with an opaque cursor. */
@Path("/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public final class DecisionsResource {
    static final int DEFAULT_LIMIT = 50;

    private final DecisionLog log;

    public DecisionsResource(DecisionLog log) {
        this.log = log;
    }

    @GET
    public DecisionListJson list(@QueryParam("policy") String policy, @QueryParam("since") String since,
                                 @QueryParam("until") String until, @QueryParam("limit") String limit,
                                 @QueryParam("cursor") String cursor) {
        DecisionQuery query = new DecisionQuery(
                Optional.ofNullable(policy).filter(p -> !p.isBlank()),
                IsoTime.parse("since", since),
                IsoTime.parse("until", until),
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
