package io.queueautoscaler.api;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.queueautoscaler.db.DatabaseFailure;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request the database could not serve. Away (unreachable, or no answer within the timeouts):
 * 503 with a {@code Retry-After} that grows and carries jitter, as for leases; any other
 * database error: 500. The body says so in plain words: JDBI's messages quote the statement
 * and its arguments, which go to the daemon's log only.
 */
@Provider
public final class DatabaseFailureMapper implements ExceptionMapper<JdbiException> {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFailureMapper.class);

    private final LeaseRefusalMapper retries;

    public DatabaseFailureMapper(LeaseRefusalMapper retries) {
        this.retries = retries;
    }

    @Override
    public Response toResponse(JdbiException e) {
        DatabaseFailure failure = DatabaseFailure.of(e).orElse(DatabaseFailure.FAILED);
        if (failure == DatabaseFailure.UNAVAILABLE) {
            LOG.warn("answered 503, the database is away: {}", e.toString());
            return retries.unavailable(failure.words() + "; retry after the time in Retry-After");
        }
        LOG.error("answered 500, the database refused the request", e);
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(500, failure.words() + "; the daemon's log has the details")).build();
    }
}
