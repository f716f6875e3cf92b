package io.queueautoscaler.aws;

import java.io.Closeable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The four AWS SDK clients the adapters use, built from {@link AwsConfiguration} and closed together.
 * Each client is built on first use: a deployment that reads SQS only never loads the (large) EC2
 * model. All four share one URLConnection-based HTTP client: the SDK's Apache and Netty clients are
 * excluded in the pom, because they pull in an httpclient5 newer than Dropwizard's.
 */
public final class AwsClients implements Closeable {


    private final AwsConfiguration config;
    private final AwsCredentialsProvider credentials;
    private final Consumer<ClientOverrideConfiguration.Builder> retries;
    private final SdkHttpClient http;
    private final List<SdkClient> built = new ArrayList<>();
    private final List<ExecutionInterceptor> interceptors = new ArrayList<>();

    private SqsClient sqs;
    private AutoScalingClient autoScaling;
    private CloudWatchClient cloudWatch;
    private Ec2Client ec2;

    private AwsClients(
            AwsConfiguration config,
            AwsCredentialsProvider credentials,
            Consumer<ClientOverrideConfiguration.Builder> retries) {
        this.config = Objects.requireNonNull(config, "config");
        this.credentials = credentials;
        this.retries = retries;
        // the socket never waits longer than the attempt may last
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(config.getApiCallAttemptTimeout())
                .socketTimeout(config.getApiCallAttemptTimeout())
                .build();
    }

    /**
     * Production clients: credentials from the SDK's default chain (environment, profile, instance
     * role), and the SDK's adaptive retry mode, which backs off with jitter and also slows the
     * client down when AWS throttles it, since all Auto Scaling calls of an account share one bucket.
     */
    public static AwsClients fromDefaultChain(AwsConfiguration config) {
        return new AwsClients(
                config,
                DefaultCredentialsProvider.builder().build(),
                override -> override.retryStrategy(RetryMode.ADAPTIVE_V2));
    }

    /**
     * Clients for an AWS-compatible server on this machine (ElasticMQ, WireMock): fixed dummy
     * credentials and no retries, so a test sees every error at once and can count requests.
     * Every service must have an endpoint, so that dummy credentials are never sent to AWS.
     */
    public static AwsClients forLocalEndpoints(AwsConfiguration config) {
        for (String service : List.of("sqs", "autoscaling", "cloudwatch", "ec2")) {
            if (config.endpointFor(service).isEmpty()) {
                throw new IllegalArgumentException("local AWS clients need an endpoint for " + service
                        + ": set aws.endpointOverride or aws.endpoints." + service);
            }
        }
        return new AwsClients(
                config,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }

    /**
     * Local clients with every service at one endpoint, e.g. a WireMock or ElasticMQ base URL. A
     * server on this machine is slow only while it and the SDK load their classes, never because
     * of a network, so these clients wait as long as a busy machine needs for that.
     */
    public static AwsClients forLocalEndpoint(URI endpoint) {
        AwsConfiguration config = new AwsConfiguration();
        config.setEndpointOverride(endpoint);
        config.setApiCallAttemptTimeout(Duration.ofSeconds(20));
        config.setApiCallTimeout(Duration.ofSeconds(60));
        return forLocalEndpoints(config);
    }

    /**
     * Every client built from now on runs {@code interceptor} on each call (e.g. to count calls
     * by outcome). Must be called before the first client is built.
     */
    public synchronized AwsClients observedBy(ExecutionInterceptor interceptor) {
        if (!built.isEmpty()) {
            throw new IllegalStateException("add interceptors before the first AWS client is built");
        }
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
        return this;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = remember(configure(SqsClient.builder(), "sqs").build());
        }
        return sqs;
    }

    public synchronized AutoScalingClient autoScaling() {
        if (autoScaling == null) {
            autoScaling = remember(configure(AutoScalingClient.builder(), "autoscaling").build());
        }
        return autoScaling;
    }

    public synchronized CloudWatchClient cloudWatch() {
        if (cloudWatch == null) {
            cloudWatch = remember(configure(CloudWatchClient.builder(), "cloudwatch").build());
        }
        return cloudWatch;
    }

    public synchronized Ec2Client ec2() {
        if (ec2 == null) {
            ec2 = remember(configure(Ec2Client.builder(), "ec2").build());
        }
        return ec2;
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.region(Region.of(config.getRegion()))
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(override -> {
                    override.apiCallAttemptTimeout(config.getApiCallAttemptTimeout())
                            .apiCallTimeout(config.getApiCallTimeout());
                    interceptors.forEach(override::addExecutionInterceptor);
                    retries.accept(override);
                });
        Optional<URI> endpoint = config.endpointFor(service);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    private <C extends SdkClient> C remember(C client) {
        built.add(client);
        return client;
    }

    /**
     * Closes the clients built so far, then the shared HTTP client and the credentials provider
     * (the default chain may hold a refresh thread), which the SDK leaves to their owner.
     */
    @Override
    public synchronized void close() {
        built.forEach(SdkClient::close);
        built.clear();
        http.close();
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }
}
