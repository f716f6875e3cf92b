package io.queueautoscaler.api.auth;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * A valid token of the wrong role: says which role each endpoint takes, instead of Jersey's
 * bare "User not authorized.".
 */
public final class WrongRoleMapper implements ExceptionMapper<ForbiddenException> {
    static final String MESSAGE = "this token's role may not call this endpoint: PUT and DELETE "
            + "/v1/instances/{id}/protection take a worker token; /v1/decisions, /v1/policies and /v1/leases "
            + "take an admin token (GET /v1/instances/{id}/protection takes either)";

    @Override
    public Response toResponse(ForbiddenException exception) {
        return Response.status(Response.Status.FORBIDDEN)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(403, MESSAGE))
                .build();
    }
}
