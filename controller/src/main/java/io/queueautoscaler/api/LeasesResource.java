package io.queueautoscaler.api;

import io.queueautoscaler.api.auth.Role;
import io.queueautoscaler.lease.LeaseKeeper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Every live lease, for admins, as the database has it whichever daemon took it;
 * {@code ?autoScalingGroupName=} keeps one group's. DELETE revokes every holder's lease of an
 * instance (audited), for a worker that died holding long leases.
 */
@Path("/v1/leases")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public final class LeasesResource {
    private final LeaseKeeper keeper;

    public LeasesResource(LeaseKeeper keeper) {
        this.keeper = keeper;
    }

    @GET
    public LeaseListJson list(@QueryParam("autoScalingGroupName") String group) {
        return new LeaseListJson(keeper.live().stream()
                .filter(l -> group == null || group.isBlank() || l.autoScalingGroupName().equals(group))
                .map(InstanceLeasesJson::of)
                .toList());
    }

    @DELETE
    @Path("/{instanceId}")
    public Response revoke(@PathParam("instanceId") String instanceId, @Context SecurityContext caller) {
        String by = caller.getUserPrincipal() == null ? "an admin" : "the " + caller.getUserPrincipal().getName() + " API";
        keeper.revoke(instanceId, by);
        return Response.noContent().build();
    }
}
