package io.queueautoscaler.api;

import io.queueautoscaler.api.auth.Role;
import io.queueautoscaler.lease.LeaseKeeper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Every live lease, for admins; {@code ?autoScalingGroupName=} keeps one group's. */
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
                .map(lease -> LeaseJson.of(lease, keeper.draining(lease.instanceId())))
                .toList());
    }
}
