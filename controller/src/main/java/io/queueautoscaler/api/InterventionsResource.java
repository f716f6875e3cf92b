package io.queueautoscaler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dropwizard.auth.Auth;
import io.queueautoscaler.api.auth.Caller;
import io.queueautoscaler.api.auth.Role;
import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.GroupState;
import io.queueautoscaler.intervention.Intervention;
import io.queueautoscaler.intervention.InterventionStore;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.reconcile.PolicyRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators pause a policy or hold its group at a capacity, and end either. Both are stored, so
 * they outlive a restart and bind every daemon on the database; both lapse at {@code until}.
 * Bodies are read as JSON whatever their content type, so curl's default form type works.
 */
@Path("/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public final class InterventionsResource {
    private static final Logger LOG = LoggerFactory.getLogger(InterventionsResource.class);
    private static final int MAX_REASON = 500;
    private static final int MAX_BY = 100;

    private final PolicyRegistry registry;
    private final InterventionStore store;
    private final Fleet fleet;
    private final Clock clock;

    public InterventionsResource(PolicyRegistry registry, InterventionStore store, Fleet fleet, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.fleet = fleet;
        this.clock = clock;
    }

    @PUT
    @Path("/{name}/pause")
    public InterventionJson pause(@PathParam("name") String name, String text, @Auth Caller caller,
                                  @Context HttpServletRequest request) throws JsonProcessingException {
        ScalingPolicy policy = PoliciesResource.require(registry, name);
        PauseBody body = StrictJson.read(text, PauseBody.class);
        PauseBody b = body == null ? new PauseBody(null, null, null) : body;
        Instant now = now();
        Intervention pause = Intervention.pause(reason(b.reason()), until(b.until(), now), by(b.by(), caller),
                request.getRemoteAddr(), now);
        return start(policy, pause);
    }

    @DELETE
    @Path("/{name}/pause")
    public Response resume(@PathParam("name") String name, @Auth Caller caller, @Context HttpServletRequest request) {
        return end(PoliciesResource.require(registry, name), Intervention.Kind.PAUSE, caller, request);
    }

    @PUT
    @Path("/{name}/override")
    public InterventionJson override(@PathParam("name") String name, String text, @Auth Caller caller,
                                     @Context HttpServletRequest request) throws JsonProcessingException {
        ScalingPolicy policy = PoliciesResource.require(registry, name);
        OverrideBody body = StrictJson.read(text, OverrideBody.class);
        if (body == null || body.desiredCapacity() == null) {
            throw new BadRequestException("desiredCapacity is required: send {\"desiredCapacity\": N, \"until\": \"2026-01-31T14:00:00Z\", "
                    + "\"reason\": \"...\"} (until and reason optional)");
        }
        checkBounds(policy, body.desiredCapacity());
        Instant now = now();
        Intervention override = Intervention.override(body.desiredCapacity(), reason(body.reason()), until(body.until(), now),
                by(body.by(), caller), request.getRemoteAddr(), now);
        return start(policy, override);
    }

    @DELETE
    @Path("/{name}/override")
    public Response clearOverride(@PathParam("name") String name, @Auth Caller caller, @Context HttpServletRequest request) {
        return end(PoliciesResource.require(registry, name), Intervention.Kind.OVERRIDE, caller, request);
    }

    /** Milliseconds: what both databases keep, so that a GET shows the very times the PUT answered. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private InterventionJson start(ScalingPolicy policy, Intervention intervention) {
        store.start(policy.name(), intervention);
        LOG.info("policy {} {} (from {})", policy.name(), intervention.describe(), intervention.from());
        return InterventionJson.of(intervention);
    }

    /** 204 whether or not one was in force: ending is idempotent, as releasing a lease is. */
    private Response end(ScalingPolicy policy, Intervention.Kind kind, Caller caller, HttpServletRequest request) {
        if (store.end(policy.name(), kind, caller.getName(), clock.instant())) {
            LOG.info("policy {} {} by {} (from {})", policy.name(), kind == Intervention.Kind.PAUSE ? "resumed" : "override ended",
                    caller.getName(), request.getRemoteAddr());
        }
        return Response.noContent().build();
    }

    /** Within the policy's bounds and, when the group can be described, the group's own MinSize/MaxSize. */
    private void checkBounds(ScalingPolicy policy, int desired) {
        int min = policy.target().minCapacity();
        int max = policy.target().maxCapacity();
        String bounds = "policy " + policy.name() + " allows [" + min + ", " + max + "]";
        Optional<GroupState> group = describe(policy.autoScalingGroupName());
        if (group.isPresent()) {
            min = Math.max(min, group.get().minSize());
            max = Math.min(max, group.get().maxSize());
            bounds += " and Auto Scaling Group " + policy.autoScalingGroupName() + " allows ["
                    + group.get().minSize() + ", " + group.get().maxSize() + "]";
        }
        if (desired < min || desired > max) {
            throw new BadRequestException("desiredCapacity " + desired + " is outside the bounds: " + bounds);
        }
    }

    private Optional<GroupState> describe(String group) {
        try {
            return Optional.ofNullable(fleet.describe(List.of(group)).get(group));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> until(String value, Instant now) {
        Optional<Instant> until = IsoTime.parse("until", value).map(t -> t.truncatedTo(ChronoUnit.MILLIS));
        if (until.isPresent() && !until.get().isAfter(now)) {
            throw new BadRequestException("until " + until.get() + " is not in the future (now is " + now
                    + "); leave it out to hold until deleted");
        }
        return until;
    }

    private static Optional<String> reason(String reason) {
        return text("reason", reason, MAX_REASON);
    }

    private static String by(String by, Caller caller) {
        return text("by", by, MAX_BY).orElse(caller.getName());
    }

    private static Optional<String> text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        if (trimmed.length() > max || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException(field + " must be one line of at most " + max + " characters");
        }
        return Optional.of(trimmed);
    }
}
