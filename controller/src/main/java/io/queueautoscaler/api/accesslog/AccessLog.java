package io.queueautoscaler.api.accesslog;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.access.jetty.RequestLogImpl;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.logging.common.AbstractAppenderFactory;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.logging.common.filter.FilterFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.dropwizard.request.logging.RequestLogFactory;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.RequestLog;

/**
 * The request log as the daemon writes it, whatever the configuration: no request that could
 * carry a credential in its URL (see {@link CredentialsInUrlFilterFactory}), and no logback-access
 * status dump at start. Called before the server is built.
 */
public final class AccessLog {
    private AccessLog() {
    }

    /** @param tokens the daemon's own tokens: a request line that contains one is never written */
    public static void secure(ServerFactory server, List<String> tokens) {
        if (!(server instanceof AbstractServerFactory factory)
                || !(factory.getRequestLogFactory() instanceof LogbackAccessRequestLogFactory requestLog)) {
            return;
        }
        for (AppenderFactory<IAccessEvent> appender : requestLog.getAppenders()) {
            if (appender instanceof AbstractAppenderFactory<IAccessEvent> configurable) {
                List<FilterFactory<IAccessEvent>> filters = new ArrayList<>(configurable.getFilterFactories());
                filters.add(0, new CredentialsInUrlFilterFactory(tokens));
                configurable.setFilterFactories(filters);
            }
        }
        factory.setRequestLogFactory(new Quiet(requestLog));
    }

    /**
     * logback-access prints its status at start unless told to be quiet, and its version check
     * always warns: logback-core 1.5.26 looks for logback-access-common-dependencies.properties where
     * logback-access 2.0.9 ships logback-access-common-dependees.properties, and the shaded jar has
     * no manifest of logback-access-jetty12 to read its version from. Nothing else is in that status
     * (the appenders are Dropwizard's, not read from a logback-access.xml), so the daemon asks for quiet.
     */
    private record Quiet(LogbackAccessRequestLogFactory delegate) implements RequestLogFactory<RequestLog> {
        @Override
        public boolean isEnabled() {
            return delegate.isEnabled();
        }

        @Override
        public RequestLog build(String name) {
            RequestLog log = delegate.build(name);
            if (log instanceof RequestLogImpl logback) {
                logback.setQuiet(true);
            }
            return log;
        }
    }
}
