package io.queueautoscaler.api;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.queueautoscaler.api.auth.ApiAuth;
import io.queueautoscaler.api.auth.AuthConfiguration;
import io.queueautoscaler.lease.LeaseKeeper;
import java.util.List;

/**
 * The lease API alone on a real Jetty bound to loopback, so that requests have a real source
 * address. The test hands it the keeper through {@link #keeper}.
 */
public final class LeaseApiApplication extends Application<Configuration> {
    static volatile LeaseKeeper keeper;

    static Configuration loopbackConfiguration() {
        Configuration config = new Configuration();
        DefaultServerFactory server = new DefaultServerFactory();
        server.setApplicationConnectors(List.of(loopback()));
        server.setAdminConnectors(List.of(loopback()));
        LogbackAccessRequestLogFactory requestLog = new LogbackAccessRequestLogFactory();
        requestLog.setAppenders(List.of());
        server.setRequestLogFactory(requestLog);
        config.setServerFactory(server);
        DefaultLoggingFactory logging = new DefaultLoggingFactory();
        logging.setLevel("WARN");
        config.setLoggingFactory(logging);
        return config;
    }

    private static HttpConnectorFactory loopback() {
        HttpConnectorFactory connector = new HttpConnectorFactory();
        connector.setBindHost("127.0.0.1");
        connector.setPort(0);
        return connector;
    }

    @Override
    public void run(Configuration configuration, Environment environment) {
        ApiAuth.register(environment.jersey(), AuthConfiguration.of(List.of("admin-secret"), List.of("worker-secret")));
        environment.jersey().register(new ProtectionResource(keeper));
        environment.jersey().register(new LeasesResource(keeper));
        environment.jersey().register(new LeaseRefusalMapper(refusal -> { }, java.time.Clock.systemUTC(), new java.util.SplittableRandom()));
    }
}
