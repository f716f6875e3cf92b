package io.queueautoscaler.api;

import io.queueautoscaler.api.auth.Role;
import io.queueautoscaler.lease.Holders;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The protection leases on a worker's instance, one per holder: PUT takes or renews a holder's
 * lease (or several holders' in one request), DELETE releases one holder's, GET shows the
 * instance's holders. A request that names no holder acts for the instance's default holder, so
 * a worker with one task at a time needs no names. The body is read as text, whatever its content
 * type, so that curl's default form type works and a malformed body gets a message rather than a 415.
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
    public Object protect(@PathParam("instanceId") String instanceId, String body, @Context HttpServletRequest request) {
        LeaseRequestBody lease = LeaseRequestBody.parse(body);
        if (lease.holders().isPresent()) {
            return InstanceLeasesJson.of(keeper.protectAll(instanceId, lease.holders().get(), lease.leaseSeconds(),
                    request.getRemoteAddr()));
        }
        String holder = lease.holder().orElseGet(() -> Holders.defaultFor(instanceId));
        return LeaseJson.of(keeper.protect(instanceId, holder, lease.leaseSeconds(), request.getRemoteAddr()));
    }

    @DELETE
    @RolesAllowed(Role.WORKER_NAME)
    public Response release(@PathParam("instanceId") String instanceId, @QueryParam("holder") String holder,
                            @Context HttpServletRequest request) {
        keeper.release(instanceId, holder == null ? Holders.defaultFor(instanceId) : holder, request.getRemoteAddr());
        return Response.noContent().build();
    }

    @GET
    @RolesAllowed({Role.WORKER_NAME, Role.ADMIN_NAME})
    public InstanceLeasesJson get(@PathParam("instanceId") String instanceId) {
        return keeper.find(instanceId).map(InstanceLeasesJson::of).orElseThrow(() -> new NotFoundException(
                "instance " + instanceId + " holds no live lease: its workers have not taken one, released theirs, "
                        + "or let them expire"));
    }
}
