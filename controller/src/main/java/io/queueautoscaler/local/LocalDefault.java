package io.queueautoscaler.local;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import org.eclipse.jetty.util.component.LifeCycle;
import io.queueautoscaler.policy.QueueSpec;
import io.queueautoscaler.policy.ScalingPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Wires the embedded default: starts the SQS-compatible server at once (the clients need its
 * address), creates every policy's queues there, and gives each policy's group a local fleet
 * of workers and a share of the load generator's traffic.
 */
public final class LocalDefault {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDefault.class);

    private final LocalConfiguration config;
    private final EmbeddedSqs server;
    private final AtomicReference<List<String>> queueUrls = new AtomicReference<>(List.of());
    private LocalFleet fleet;

    public LocalDefault(LocalConfiguration config, Environment environment) {
        this.config = config;
        this.server = new EmbeddedSqs(config.getSqsPort());
        server.start();
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                server.stop();
            }
        });
    }

    public URI sqsEndpoint() {
        return server.endpoint();
    }

    /**
     * Creates the local fleet and load generator; their lifecycles follow the daemon's. The
     * workers get an SQS client of their own, as workers on EC2 have: one whose socket timeout
     * outlasts a 20 s long poll.
     */
    public LocalFleet start(Environment environment, SqsClient sqs, Clock clock, WorkerLease lease) {
        SqsClient workerSqs = workerSqs(server.endpoint());
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                workerSqs.close();
            }
        });
        fleet = new LocalFleet(clock, Duration.ofSeconds(config.getBootSeconds()), config.getServiceSeconds(), workerSqs,
                lease, environment.metrics());
        environment.lifecycle().manage(fleet);
        environment.lifecycle().manage(new LoadGenerator(sqs, queueUrls::get, config.getLoad()));
        // Workers release their leases over the daemon's own HTTP port: stop them while Jetty
        // still listens, not after (managed objects stop only once the connectors are closed).
        LocalFleet stopping = fleet;
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                stopping.stop();
            }
        });
        return fleet;
    }

    private static SqsClient workerSqs(URI endpoint) {
        Duration longPoll = Duration.ofSeconds(LocalInstance.LONG_POLL_SECONDS);
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(longPoll.plusSeconds(10))
                        .build())
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(longPoll.plusSeconds(15))
                        .retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** Makes queues and groups exist for the given policies; called at start and on every reload. */
    public void provision(Collection<ScalingPolicy> policies, SqsClient sqs) {
        for (ScalingPolicy policy : policies) {
            for (QueueSpec queue : policy.queues()) {
                sqs.createQueue(r -> r.queueName(queue.name()));
            }
            fleet.define(new LocalGroup(policy.autoScalingGroupName(), policy.target().minCapacity(),
                    policy.target().maxCapacity(), policy.queueUrls(), policy.workers().concurrencyPerInstance()),
                    config.getInitialCapacity());
        }
        queueUrls.set(policies.stream().flatMap(p -> p.queueUrls().stream()).distinct().toList());
        LOG.info("embedded default: {} queue(s) and {} local group(s) ready", queueUrls.get().size(), policies.size());
    }
}
