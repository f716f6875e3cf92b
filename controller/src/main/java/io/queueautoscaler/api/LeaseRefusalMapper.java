package io.queueautoscaler.api;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.queueautoscaler.lease.LeaseRefusedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused lease request in the API's error shape, with the status that says whose move it is. */
@Provider
public final class LeaseRefusalMapper implements ExceptionMapper<LeaseRefusedException> {

    @Override
    public Response toResponse(LeaseRefusedException e) {
        int status = switch (e.refusal()) {
            case INVALID -> 400;
            case NOT_YOUR_INSTANCE -> 403;
            case UNKNOWN_INSTANCE -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
        Response.ResponseBuilder response = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(status, e.getMessage()));
        if (status == 503) {
            response.header("Retry-After", "1");
        }
        return response.build();
    }
}
