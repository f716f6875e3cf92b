package io.queueautoscaler.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.queueautoscaler.QueueAutoscalerApplication;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.testing.DatabaseProxy;
import io.queueautoscaler.testing.ProductionSecrets;
import io.queueautoscaler.testing.QueryParameters;
import io.queueautoscaler.testing.TestDatabases;
import io.queueautoscaler.testing.TestResources;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.glassfish.jersey.client.ClientProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A daemon on config/aws.yml scheduling alone, whose PostgreSQL is reached through a proxy the
 * test freezes (bytes held, sockets open: a server stopped with SIGSTOP) and stops (every
 * connection closed, new ones refused) for 60 s. Auto Scaling is WireMock speaking AWS's XML and
 * SQS is ElasticMQ; the group never reaches the capacity the backlog asks for, so every
 * evaluation sets the desired capacity: an evaluation that stalls shows as a missing call.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseOutageTest {
    private static final String ADMIN = "test-admin-token-0123456789-abcdefghij";
    private static final String WORKER = "test-worker-token-0123456789-abcdefghij";
    private static final String POLICY = "thumbnails";
    private static final String INSTANCE = "i-0a1b2c3d4e5f60002";
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration FREEZE = Duration.ofSeconds(15);
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    /** SQL or JDBI's rendering of a statement: what no response body may show. */
    private static final Pattern SQL = Pattern.compile(
            "(?i)\\b(select|insert|update|delete)\\b.*\\b(from|into|set|where)\\b|statement:|arguments:|\\bjdbc\\b|psql");

    private static final Client CLIENT = ClientBuilder.newClient()
            .property(ClientProperties.CONNECT_TIMEOUT, 5000)
            .property(ClientProperties.READ_TIMEOUT, 60_000);

    private static PGSimpleDataSource database;
    private static DatabaseProxy proxy;
    private static WireMockServer aws;
    private static SQSRestServer elasticMq;
    private static DropwizardAppExtension<QueueAutoscalerConfiguration> daemon;
    private static MetricRegistry metrics;
    private static Instant outageStart;
    private static Instant outageEnd;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        database = TestDatabases.postgres();
        URI direct = URI.create(database.getUrl().substring("jdbc:".length()));
        proxy = new DatabaseProxy(direct.getHost(), direct.getPort());

        aws = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        aws.start();
        answer("DescribeAutoScalingGroups", TestResources.text("aws/autoscaling/describe-auto-scaling-groups.xml"));
        answer("SetDesiredCapacity", TestResources.text("aws/autoscaling/set-desired-capacity.xml"));
        answer("SetInstanceProtection", TestResources.text("aws/autoscaling/set-instance-protection.xml"));
        answer("DescribeAutoScalingInstances", TestResources.text("aws/autoscaling/describe-auto-scaling-instances.xml")
                .replace("i-0b9f8e7d6c5b40021", INSTANCE).replace("batch-workers", "thumbnails-workers"));

        elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(0).start();
        String sqsEndpoint = "http://127.0.0.1:" + elasticMq.waitUntilStarted().localAddress().getPort();
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(sqsEndpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String url = sqs.createQueue(r -> r.queueName(POLICY)).queueUrl();
            for (int batch = 0; batch < 15; batch++) {
                sqs.sendMessageBatch(b -> b.queueUrl(url).entries(IntStream.range(0, 10)
                        .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("resize").build())
                        .toList()));
            }
        }

        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve(POLICY + ".yml"), """
                apiVersion: queue-autoscaler/v1
                kind: ScalingPolicy
                metadata: { name: thumbnails }
                spec:
                  target: { autoScalingGroupName: thumbnails-workers, minCapacity: 0, maxCapacity: 40 }
                  queues: [ { url: "%s/000000000000/thumbnails" } ]
                  scaling: { mode: backlogPerInstance, targetBacklogPerInstance: 10 }
                  evaluationIntervalSeconds: %d
                """.formatted(sqsEndpoint, INTERVAL.toSeconds()));

        ProductionSecrets.set(ADMIN, WORKER);
        daemon = new DropwizardAppExtension<>(QueueAutoscalerApplication.class, "../config/aws.yml",
                ConfigOverride.config("policiesDirectory", policies.toString()),
                ConfigOverride.config("aws.endpoints.sqs", sqsEndpoint),
                ConfigOverride.config("aws.endpoints.autoscaling", aws.baseUrl()),
                ConfigOverride.config("aws.endpoints.cloudwatch", aws.baseUrl()),
                ConfigOverride.config("aws.endpoints.ec2", aws.baseUrl()),
                ConfigOverride.config("database.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + direct.getPath()),
                ConfigOverride.config("database.user", TestDatabases.POSTGRES_USER),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("protection.requireSourceAddressMatch", "false"),
                ConfigOverride.config("scheduler.clustered", "false"),
                ConfigOverride.config("scheduler.nodeName", "alone"));
        daemon.before();
        metrics = daemon.getEnvironment().metrics();
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.after();
        }
        ProductionSecrets.clear();
        CLIENT.close();
        if (proxy != null) {
            proxy.close();
        }
        if (elasticMq != null) {
            elasticMq.stopAndWait();
        }
        if (aws != null) {
            aws.stop();
        }
        TestDatabases.drop(database);
    }

    @Test
    @Order(1)
    void evaluationsGoOnSettingCapacityWhileTheDatabaseIsFrozen() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(Instant.EPOCH, Instant.now()) >= 3);

        proxy.freeze();
        long frozenAt = System.nanoTime();
        long madeBefore = made();
        int setBefore = QueryParameters.sent(aws, "SetDesiredCapacity").size();

        // A read waits for the pool or the socket timeout, then says the database is away.
        assertUnavailable(admin("/v1/decisions"));
        long left = FREEZE.toNanos() - (System.nanoTime() - frozenAt);
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }

        long evaluations = FREEZE.dividedBy(INTERVAL);
        assertThat(made() - madeBefore).as("decisions made in %s frozen, one per %s", FREEZE, INTERVAL)
                .isGreaterThanOrEqualTo(evaluations / 2);
        assertThat(QueryParameters.sent(aws, "SetDesiredCapacity").size() - setBefore)
                .as("capacity set in %s frozen", FREEZE).isGreaterThanOrEqualTo((int) (evaluations / 2));
        proxy.resume();
        await().atMost(Duration.ofSeconds(60)).until(() -> admin("/v1/decisions").getStatus() == 200);
    }

    @Test
    @Order(2)
    void whileTheDatabaseIsDownReadsAndLeaseCallsAnswer503WithoutSqlAndWorkWhenItReturns() throws Exception {
        proxy.stop();
        outageStart = Instant.now();
        long madeBefore = made();

        for (String path : List.of("/v1/decisions", "/v1/decisions/1", "/v1/policies", "/v1/policies/" + POLICY + "/series?window=1h",
                "/v1/leases")) {
            assertUnavailable(admin(path));
        }
        assertUnavailable(lease());
        assertUnavailable(CLIENT.target("http://127.0.0.1:" + daemon.getLocalPort() + "/v1/instances/" + INSTANCE + "/protection")
                .queryParam("holder", "task-1").request().header("Authorization", "Bearer " + WORKER).delete());

        long left = Duration.between(Instant.now(), outageStart.plus(OUTAGE)).toMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
        assertThat(made() - madeBefore).as("evaluations during the outage").isGreaterThanOrEqualTo(OUTAGE.dividedBy(INTERVAL) / 2);
        proxy.resume();
        outageEnd = Instant.now();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> lease().getStatus() == 200);
        for (String path : List.of("/v1/decisions", "/v1/policies", "/v1/policies/" + POLICY + "/series?window=1h", "/v1/leases")) {
            assertThat(admin(path).getStatus()).as(path).isEqualTo(200);
        }
    }

    @Test
    @Order(3)
    void everyDecisionMadeDuringTheOutagesIsStoredOnceTheDatabaseReturns() throws Exception {
        // What the SIGTERM hook runs: the scheduler stops, then the decisions still in memory are flushed.
        daemon.after();
        daemon = null;

        long made = made();
        assertThat(made).isGreaterThan(OUTAGE.dividedBy(INTERVAL));
        assertThat(stored(Instant.EPOCH, Instant.now())).as("decisions stored of the %d made", made).isEqualTo(made);
        assertThat(stored(outageStart, outageEnd)).as("decisions stored from the 60 s outage")
                .isGreaterThanOrEqualTo(OUTAGE.dividedBy(INTERVAL) / 2);
    }

    /** Decisions made by the daemon, as its meters count them. */
    private static long made() {
        return metrics.meter("decisions.received").getCount(); // the test's one policy
    }

    /** Decisions the database holds of those made in [from, to), a folded run counting each of its decisions. */
    private static long stored(Instant from, Instant to) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(repeated), 0) FROM decisions "
                     + "WHERE policy = ? AND decided_at >= ? AND decided_at < ?")) {
            s.setString(1, POLICY);
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void assertUnavailable(Response response) {
        String body = response.readEntity(String.class);
        assertThat(response.getStatus()).as("status; body %s", body).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).as("Retry-After").matches("[1-9][0-9]*");
        assertThat(body).as("a body in plain words").contains("database").doesNotContainPattern(SQL);
    }

    private static Response admin(String pathAndQuery) {
        return CLIENT.target(URI.create("http://127.0.0.1:" + daemon.getLocalPort() + pathAndQuery))
                .request().header("Authorization", "Bearer " + ADMIN).get();
    }

    private static Response lease() {
        return CLIENT.target("http://127.0.0.1:" + daemon.getLocalPort() + "/v1/instances/" + INSTANCE + "/protection")
                .request().header("Authorization", "Bearer " + WORKER)
                .put(Entity.json(Map.of("leaseSeconds", 60, "holder", "task-1")));
    }

    private static void answer(String action, String body) {
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body)));
    }
}
