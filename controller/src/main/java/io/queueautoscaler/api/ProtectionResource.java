package io.queueautoscaler.api;

import io.queueautoscaler.api.auth.Role;
import io.queueautoscaler.lease.Lease;
import io.queueautoscaler.lease.LeaseKeeper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A worker's protection lease on its instance: PUT takes or renews it, DELETE releases it, GET
 * shows it. The body is read as text, whatever its content type, so that curl's default form
 * type works and a malformed body gets a message rather than a 415.
 */
@Path("/v1/instances/{instanceId}/protection")
@Produces(MediaType.APPLICATION_JSON)
public final class ProtectionResource {
    private final LeaseKeeper keeper;

    public ProtectionResource(LeaseKeeper keeper) {
        this.keeper = keeper;
    }

    @PUT
    @RolesAllowed(Role.WORKER_NAME)
    public LeaseJson protect(@PathParam("instanceId") String instanceId, String body,
                             @Context HttpServletRequest request) {
        Lease lease = keeper.protect(instanceId, LeaseRequestBody.leaseSeconds(body), request.getRemoteAddr());
        return LeaseJson.of(lease, keeper.draining(instanceId));
    }

    @DELETE
    @RolesAllowed(Role.WORKER_NAME)
    public Response release(@PathParam("instanceId") String instanceId, @Context HttpServletRequest request) {
        keeper.release(instanceId, request.getRemoteAddr());
        return Response.noContent().build();
    }

    @GET
    @RolesAllowed({Role.WORKER_NAME, Role.ADMIN_NAME})
    public LeaseJson get(@PathParam("instanceId") String instanceId) {
        return keeper.find(instanceId).map(lease -> LeaseJson.of(lease, keeper.draining(instanceId))).orElseThrow(() -> new NotFoundException(
                "instance " + instanceId + " holds no live lease: its worker has not taken one, released it, "
                        + "or let it expire"));
    }
}
