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
import io.queueautoscaler.history.Outcome;
import io.queueautoscaler.recommend.Reason;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The decision history, for admins: newest first, filtered, paginated with an opaque cursor. */
@Path("/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public final class DecisionsResource {
    static final int DEFAULT_LIMIT = 50;
    private static final List<String> PARAMETERS = List.of("policy", "action", "outcome", "reason", "since", "until",
            "limit", "cursor");

    private final DecisionLog log;

    public DecisionsResource(DecisionLog log) {
        this.log = log;
    }

    /**
     * {@code action}, {@code outcome} and {@code reason} take several values, as repeated
     * parameters ({@code ?action=SCALE_OUT&action=SCALE_IN}), a comma list
     * ({@code ?action=SCALE_OUT,SCALE_IN}) or both; a decision matching any value passes.
     */
    @GET
    public DecisionListJson list(@QueryParam("policy") String policy, @QueryParam("action") List<String> actions,
                                 @QueryParam("outcome") List<String> outcomes, @QueryParam("reason") List<String> reasons,
                                 @QueryParam("since") String since, @QueryParam("until") String until,
                                 @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                 @Context UriInfo uri) {
        StrictQuery.requireKnown(uri, PARAMETERS);
        Optional<Instant> from = IsoTime.parse("since", since);
        Optional<Instant> to = IsoTime.parse("until", until);
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new BadRequestException("since " + from.get() + " is after until " + to.get()
                    + ": since is the start of the range and must not be later than until");
        }
        DecisionQuery query = new DecisionQuery(
                Optional.ofNullable(policy).filter(p -> !p.isBlank()).map(DecisionsResource::policyName),
                from,
                to,
                limit(limit),
                Optional.ofNullable(cursor).filter(c -> !c.isBlank()).map(Cursor::decode),
                StrictQuery.names("action", actions, DecisionQuery.ACTIONS),
                StrictQuery.enums("outcome", outcomes, Outcome.class),
                StrictQuery.enums("reason", reasons, Reason.class));
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
            throw new BadRequestException("policy '" + Printable.of(value) + "' is not a policy name (lowercase letters, "
                    + "digits and '-', at most 63)");
        }
        return value;
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
