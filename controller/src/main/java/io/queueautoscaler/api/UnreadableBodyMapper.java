package io.queueautoscaler.api;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * A request body that could not be read (the client stopped sending and the connector's idle
 * timeout fired, or the connection broke mid-body) is the client's failure: 408 for a timeout,
 * else 400, never a logged 500. No resource of this API does other I/O that throws IOException.
 */
@Provider
public final class UnreadableBodyMapper implements ExceptionMapper<IOException> {

    @Override
    public Response toResponse(IOException e) {
        boolean timedOut = false;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            timedOut |= cause instanceof TimeoutException;
        }
        int status = timedOut ? 408 : 400;
        String message = timedOut ? "the request body did not arrive before the idle timeout; send the whole body at once"
                : "the request body could not be read: the connection broke before it ended";
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorMessage(status, message))
                .header("Connection", "close").build();
    }
}
