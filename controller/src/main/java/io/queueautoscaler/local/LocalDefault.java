package io.queueautoscaler.local;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.policy.QueueSpec;
import io.queueautoscaler.policy.ScalingPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The embedded default: an SQS-compatible server on this machine, clients for it, a local fleet
 * of workers for each policy's group and a load generator sharing its traffic among the queues.
 * Everything runs once {@link #start} returns; {@link #provision} creates what the policies name.
 */
public final class LocalDefault {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDefault.class);

    private final LocalConfiguration config;
    private final AwsClients clients;
    private final LocalFleet fleet;
    private final AtomicReference<List<String>> queueUrls;

    private LocalDefault(LocalConfiguration config, AwsClients clients, LocalFleet fleet,
                         AtomicReference<List<String>> queueUrls) {
        this.config = config;
        this.clients = clients;
        this.fleet = fleet;
        this.queueUrls = queueUrls;
    }

    /**
     * Whether this jar carries the embedded SQS-compatible server: the production jar
     * (queue-autoscaler-server.jar) leaves ElasticMQ, Scala and Pekko out.
     */
    public static boolean isPackaged() {
        try {
            Class.forName("org.elasticmq.rest.sqs.SQSRestServerBuilder", false, LocalDefault.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Starts the server at once (the clients need its address), then the fleet and the load
     * generator; their lifecycles follow the daemon's. Managed objects stop in reverse order, so
     * the workers stop before their SQS client closes, and the client before the server. The
     * workers get an SQS client of their own, as workers on EC2 have: one whose socket timeout
     * outlasts a 20 s long poll.
     */
    public static LocalDefault start(LocalConfiguration config, Environment environment, Clock clock, WorkerLease lease,
                                     ExecutionInterceptor awsCalls) {
        EmbeddedSqs server = new EmbeddedSqs(config.getSqsPort());
        server.start();
        environment.lifecycle().manage(new AutoCloseableManager(server::stop));
        AwsClients clients = AwsClients.forLocalEndpoint(server.endpoint()).observedBy(awsCalls);
        environment.lifecycle().manage(new AutoCloseableManager(clients));

        SqsClient workerSqs = workerSqs(server.endpoint());
        environment.lifecycle().manage(new AutoCloseableManager(workerSqs));
        LocalFleet fleet = new LocalFleet(clock, Duration.ofSeconds(config.getBootSeconds()), config.getServiceSeconds(),
                workerSqs, lease, environment.metrics());
        environment.lifecycle().manage(fleet);
        AtomicReference<List<String>> queueUrls = new AtomicReference<>(List.of());
        environment.lifecycle().manage(new LoadGenerator(clients.sqs(), queueUrls::get, config.getLoad()));
        // Workers release their leases over the daemon's own HTTP port: stop them while Jetty
        // still listens, not after (managed objects stop only once the connectors are closed).
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                fleet.stop();
            }
        });
        return new LocalDefault(config, clients, fleet, queueUrls);
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

    public AwsClients clients() {
        return clients;
    }

    public LocalFleet fleet() {
        return fleet;
    }

    /** Makes queues and groups exist for the given policies; called at start and on every reload. */
    public void provision(Collection<ScalingPolicy> policies) {
        for (ScalingPolicy policy : policies) {
            for (QueueSpec queue : policy.queues()) {
                clients.sqs().createQueue(r -> r.queueName(queue.name()));
            }
            fleet.define(new LocalGroup(policy.autoScalingGroupName(), policy.target().minCapacity(),
                    policy.target().maxCapacity(), policy.queueUrls(), policy.workers().concurrencyPerInstance()),
                    config.getInitialCapacity());
        }
        queueUrls.set(policies.stream().flatMap(p -> p.queueUrls().stream()).distinct().toList());
        LOG.info("embedded default: {} queue(s) and {} local group(s) ready", queueUrls.get().size(), policies.size());
    }
}
