package io.queueautoscaler.telemetry;

import com.codahale.metrics.MetricFilter;
import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * {@code /prometheus} on the admin port: the daemon's own {@code queue_autoscaler_*} series, and
 * from Dropwizard's registry the JVM, Jetty, Jersey and connection-pool metrics. Dropwizard
 * metrics named after a thread-name pattern (a {@code %d} in them) are left out.
 */
public final class PrometheusEndpoint {
    /** The Dropwizard metrics worth exporting: the JVM's, the HTTP server's and resources', the database pool's. */
    private static final List<String> DROPWIZARD_PREFIXES = List.of(
            "jvm.", "org.eclipse.jetty.", "io.dropwizard.", "io.queueautoscaler.api.", "database.", "ch.qos.logback.");

    private PrometheusEndpoint() {
    }

    static final MetricFilter DROPWIZARD = (name, metric) ->
            !name.contains("%") && DROPWIZARD_PREFIXES.stream().anyMatch(name::startsWith);

    public static void register(Environment environment, PrometheusRegistry registry) {
        DropwizardExports.builder().dropwizardRegistry(environment.metrics()).metricFilter(DROPWIZARD).register(registry);
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(registry)).addMapping("/prometheus");
    }
}
