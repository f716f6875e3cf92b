package io.queueautoscaler;

import io.dropwizard.core.setup.Environment;
import io.queueautoscaler.local.HttpWorkerLease;
import io.queueautoscaler.local.LocalDefault;
import io.queueautoscaler.local.LocalFleet;
import io.queueautoscaler.metrics.CloudWatchQueueMetrics;
import io.queueautoscaler.metrics.SqsQueueMetrics;
import io.queueautoscaler.reconcile.PolicyRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The embedded default: queues, groups and workers on this machine, provisioned for the policies
 * in force and again on every reload. Its workers lease over the daemon's own API, as workers
 * on EC2 would.
 */
final class LocalInfrastructure {
    /** Local workers' leases: renewed every 10 s, so a crashed local worker frees its instance within 30 s. */
    private static final Duration LOCAL_LEASE = Duration.ofSeconds(30);
    private static final Duration LOCAL_AWAIT_PROTECTION = Duration.ofSeconds(10);

    private LocalInfrastructure() {
    }

    static Infrastructure build(QueueAutoscalerConfiguration config, Environment environment, Clock clock,
                                PolicyRegistry registry, ExecutionInterceptor awsCalls) {
        HttpWorkerLease workerLease = new HttpWorkerLease(workerToken(config), LOCAL_LEASE, LOCAL_AWAIT_PROTECTION);
        LocalDefault local = LocalDefault.start(config.getLocal(), environment, clock, workerLease, awsCalls);
        // The daemon's HTTP port is known once Jetty has bound it.
        environment.lifecycle().addServerLifecycleListener(server ->
                workerLease.connect(URI.create("http://127.0.0.1:" + applicationPort(server))));
        local.provision(registry.all());
        registry.onChange(local::provision);
        LocalFleet fleet = local.fleet();
        return new Infrastructure(fleet, fleet, fleet, new SqsQueueMetrics(local.clients().sqs()),
                new CloudWatchQueueMetrics(local.clients().cloudWatch(), clock), Optional.empty());
    }

    /** The local workers use the first worker token of the configuration, as a worker on EC2 would use its own. */
    private static String workerToken(QueueAutoscalerConfiguration config) {
        return config.getAuth().getWorkerTokens().stream().filter(t -> t != null && !t.isBlank()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the embedded default's workers need a worker token: "
                        + "set auth.workerTokens (config/local.yml defaults it to local-worker-token)"));
    }

    private static int applicationPort(Server server) {
        // The application connector comes first, the admin connector last.
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }
}
