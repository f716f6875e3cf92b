package io.queueautoscaler.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.api.DecisionJson;
import io.queueautoscaler.api.DecisionListJson;
import io.queueautoscaler.testing.AwsYml;
import io.queueautoscaler.testing.ProductionSecrets;
import io.queueautoscaler.testing.QueryParameters;
import io.queueautoscaler.testing.TestDatabases;
import io.queueautoscaler.testing.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The production configuration, config/aws.yml as shipped, pointed at AWS-compatible endpoints:
 * SQS is an ElasticMQ server, Auto Scaling a WireMock speaking AWS's XML, the store PostgreSQL.
 * The daemon survives throttling and a missing queue with failed decisions and no scale-in, then
 * reads the real queue depth and sets the group's desired capacity.
 */
class AwsConfigurationAppTest {
    private static final String ADMIN = "test-admin-token-0123456789-abcdefghijkl";
    private static final String GROUP = "thumbnails-workers";

    private static WireMockServer aws;
    private static SQSRestServer elasticMq;
    private static SqsClient sqs;
    private static PGSimpleDataSource database;
    private static DropwizardAppExtension<QueueAutoscalerConfiguration> app;

    @BeforeAll
    static void start(@TempDir Path policies) throws Exception {
        database = TestDatabases.postgres();
        aws = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        aws.start();
        elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(0).start();
        String sqsEndpoint = "http://127.0.0.1:" + elasticMq.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder().endpointOverride(java.net.URI.create(sqsEndpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();

        Files.writeString(policies.resolve("thumbnails.yml"), """
                apiVersion: queue-autoscaler/v1
                kind: ScalingPolicy
                metadata: { name: thumbnails }
                spec:
                  target: { autoScalingGroupName: thumbnails-workers, minCapacity: 0, maxCapacity: 40 }
                  queues: [ { url: "%s/000000000000/thumbnails" } ]
                  scaling: { mode: backlogPerInstance, targetBacklogPerInstance: 10 }
                  evaluationIntervalSeconds: 1
                """.formatted(sqsEndpoint));
        throttleDescribes();

        // Secrets come from the environment in production; the substitutor also reads system properties.
        ProductionSecrets.set(ADMIN, "test-worker-token-0123456789-abcdefghijkl");

        app = AwsYml.app(AwsYml.settings(policies, sqsEndpoint, aws.baseUrl(), database));
        app.before();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.after();
        }
        ProductionSecrets.clear();
        if (sqs != null) {
            sqs.close();
        }
        if (elasticMq != null) {
            elasticMq.stopAndWait();
        }
        if (aws != null) {
            aws.stop();
        }
        if (database != null) {
            TestDatabases.drop(database);
        }
    }

    @Test
    void survivesThrottlingAndMissingQueuesThenScalesTheRealGroupFromTheRealQueue() {
        DecisionJson throttled = awaitDecision("FLEET_UNAVAILABLE");
        assertThat(throttled.outcome()).isEqualTo("FAILED");
        assertThat(throttled.message()).contains("Throttling");

        aws.resetMappings();
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeAutoScalingGroups"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody(TestResources.text("aws/autoscaling/describe-auto-scaling-groups.xml"))));
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=SetDesiredCapacity"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody(TestResources.text("aws/autoscaling/set-desired-capacity.xml"))));

        DecisionJson blind = awaitDecision("METRICS_FAILED_HOLD");
        assertThat(blind.outcome()).isEqualTo("FAILED");
        assertThat(blind.desiredCapacity()).isEqualTo(blind.currentCapacity());
        assertThat(blind.message()).contains("thumbnails");
        assertThat(setDesiredCalls()).as("never scale in on missing data").isEmpty();

        String url = sqs.createQueue(r -> r.queueName("thumbnails")).queueUrl();
        for (int batch = 0; batch < 15; batch++) {
            sqs.sendMessageBatch(b -> b.queueUrl(url).entries(java.util.stream.IntStream.range(0, 10)
                    .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("resize").build())
                    .toList()));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> !setDesiredCalls().isEmpty());
        QueryParameters call = QueryParameters.parse(setDesiredCalls().get(0).getBodyAsString());
        assertThat(call.get("AutoScalingGroupName")).isEqualTo(GROUP);
        int desired = Integer.parseInt(call.get("DesiredCapacity"));
        assertThat(desired).isGreaterThan(5);

        DecisionJson applied = awaitDecision("SCALE_OUT", "APPLIED");
        // The stubbed group stays at 5, so a slow machine may have scaled out again meanwhile.
        assertThat(setDesiredCalls()).extracting(r -> Integer.parseInt(QueryParameters.parse(r.getBodyAsString())
                .get("DesiredCapacity"))).contains(applied.desiredCapacity());
        assertThat(applied.currentCapacity()).isEqualTo(5);
        assertThat(applied.inputs().fleet()).isPresent();
        assertThat(applied.inputs().queues()).isNotEmpty();
    }

    private static void throttleDescribes() {
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeAutoScalingGroups"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml")
                        .withBody(TestResources.text("aws/autoscaling/error-throttling.xml"))));
    }

    private static List<LoggedRequest> setDesiredCalls() {
        return aws.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=SetDesiredCapacity")));
    }

    private static DecisionJson awaitDecision(String reasonOrAction) {
        return awaitDecision(reasonOrAction, null);
    }

    private static DecisionJson awaitDecision(String reasonOrAction, String outcome) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> decisions().stream()
                .filter(d -> d.reason().equals(reasonOrAction) || d.action().equals(reasonOrAction))
                .filter(d -> outcome == null || d.outcome().equals(outcome))
                .findFirst().orElse(null), d -> d != null);
    }

    private static List<DecisionJson> decisions() {
        return app.client().target("http://127.0.0.1:" + app.getLocalPort() + "/v1/decisions")
                .queryParam("policy", "thumbnails").queryParam("limit", 100)
                .request().header("Authorization", "Bearer " + ADMIN)
                .get(DecisionListJson.class).items();
    }
}
