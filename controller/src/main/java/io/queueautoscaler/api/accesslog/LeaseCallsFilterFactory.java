package io.queueautoscaler.api.accesslog;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.filter.FilterFactory;
import java.util.regex.Pattern;

/**
 * {@code type: lease-calls} in a request-log appender's {@code filterFactories}: leaves the
 * workers' lease calls ({@code PUT}, {@code GET} and {@code DELETE} of
 * {@code /v1/instances/{id}/protection}) out of the access log. A fleet renews every few seconds
 * per task, so these lines would be nearly all of the log; the lease summary line counts them
 * instead. Remove the filter to log every call.
 */
@JsonTypeName("lease-calls")
public final class LeaseCallsFilterFactory implements FilterFactory<IAccessEvent> {
    static final Pattern LEASE_CALL = Pattern.compile("/v1/instances/[^/]+/protection/?");

    @Override
    public Filter<IAccessEvent> build() {
        return new Filter<>() {
            @Override
            public FilterReply decide(IAccessEvent event) {
                String uri = event.getRequestURI();
                return uri != null && LEASE_CALL.matcher(uri).matches() ? FilterReply.DENY : FilterReply.NEUTRAL;
            }
        };
    }
}
