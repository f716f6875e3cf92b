package io.queueautoscaler.api;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.queueautoscaler.lease.Backoff;
import io.queueautoscaler.lease.LeaseRefusedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A refused lease request in the API's error shape, with the status that says whose move it is.
 *
 * <p>A 503's {@code Retry-After} grows with the unavailability and carries jitter: the n-th 503
 * in a row says between half and all of 2^(n-1) s, at most 30 s, so workers refused together do
 * not come back together into a throttled AWS API or a database that is away. The first answer
 * below 500 (the cause has gone) starts the count again. A database that is away is answered
 * the same way ({@link DatabaseFailureMapper}). Each refusal is also counted for the periodic
 * lease summary line, the access log leaving lease calls out.
 */
@Provider
public final class LeaseRefusalMapper implements ExceptionMapper<LeaseRefusedException>, ContainerResponseFilter {
    private static final String UNAVAILABLE = "unavailable";
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final Consumer<LeaseRefusedException.Refusal> refusals;
    private final Clock clock;
    private final Backoff retries;

    public LeaseRefusalMapper(Consumer<LeaseRefusedException.Refusal> refusals, Clock clock, RandomGenerator random) {
        this.refusals = refusals;
        this.clock = clock;
        this.retries = new Backoff(FIRST_RETRY, MAX_RETRY, random);
    }

    @Override
    public Response toResponse(LeaseRefusedException e) {
        refusals.accept(e.refusal());
        int status = switch (e.refusal()) {
            case INVALID -> 400;
            case NOT_YOUR_INSTANCE -> 403;
            case UNKNOWN_INSTANCE -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
        if (status == 503) {
            return unavailable(e.getMessage());
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorMessage(status, e.getMessage()))
                .build();
    }

    /** A 503 in the API's error shape whose {@code Retry-After} grows with the 503s before it. */
    Response unavailable(String message) {
        Duration wait = retries.failed(UNAVAILABLE, clock.instant());
        return Response.status(503)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(503, message))
                .header("Retry-After", Math.max(1, (wait.toMillis() + 999) / 1000))
                .build();
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        answered(response.getStatus());
    }

    void answered(int status) {
        if (status < 500) {
            retries.succeeded(UNAVAILABLE);
        }
    }
}
