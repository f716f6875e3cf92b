package io.queueautoscaler.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.api.DecisionJson;
import io.queueautoscaler.api.DecisionListJson;
import io.queueautoscaler.testing.AwsYml;
import io.queueautoscaler.testing.DaemonProcess;
import io.queueautoscaler.testing.ProductionSecrets;
import io.queueautoscaler.testing.QueryParameters;
import io.queueautoscaler.testing.TestDatabases;
import io.queueautoscaler.testing.TestResources;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
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
 * Two daemons on config/aws.yml (clustered), one PostgreSQL database, one Auto Scaling Group
 * (WireMock speaking AWS's XML) and one SQS queue (ElasticMQ). Node A runs in a JVM of its own so
 * that it can be stopped with SIGTERM and killed with SIGKILL; node B runs in the test's JVM. The
 * group never reaches the desired capacity the backlog asks for, so every tick decides to scale
 * out and sends a SetDesiredCapacity: a doubled tick would show as two decisions and two calls.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoDaemonsAppTest {
    private static final String ADMIN = "test-admin-token-0123456789-abcdefghij";
    private static final String WORKER = "test-worker-token-0123456789-abcdefghij";
    private static final String GROUP = "thumbnails-workers";
    private static final String INSTANCE = "i-0a1b2c3d4e5f60002";
    private static final Duration INTERVAL = Duration.ofSeconds(4);
    private static final Duration CHECKIN = Duration.ofSeconds(1);

    private static final jakarta.ws.rs.client.Client CLIENT = jakarta.ws.rs.client.ClientBuilder.newClient()
            .register(new io.dropwizard.jersey.jackson.JacksonFeature(io.dropwizard.jackson.Jackson.newObjectMapper()));

    private static PGSimpleDataSource database;
    private static WireMockServer aws;
    private static SQSRestServer elasticMq;
    private static Path policies;
    private static Path logs;
    private static String sqsEndpoint;
    private static DaemonProcess nodeA;
    private static DropwizardAppExtension<QueueAutoscalerConfiguration> nodeB;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        database = TestDatabases.postgres();
        aws = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        aws.start();
        answer("DescribeAutoScalingGroups", "aws/autoscaling/describe-auto-scaling-groups.xml");
        answer("SetDesiredCapacity", "aws/autoscaling/set-desired-capacity.xml");
        answer("SetInstanceProtection", "aws/autoscaling/set-instance-protection.xml");
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeAutoScalingInstances"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody(TestResources.text("aws/autoscaling/describe-auto-scaling-instances.xml")
                                .replace("i-0b9f8e7d6c5b40021", INSTANCE).replace("batch-workers", GROUP))));

        elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(0).start();
        sqsEndpoint = "http://127.0.0.1:" + elasticMq.waitUntilStarted().localAddress().getPort();
        try (SqsClient sqs = SqsClient.builder().endpointOverride(java.net.URI.create(sqsEndpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String url = sqs.createQueue(r -> r.queueName("thumbnails")).queueUrl();
            for (int batch = 0; batch < 15; batch++) {
                sqs.sendMessageBatch(b -> b.queueUrl(url).entries(IntStream.range(0, 10)
                        .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("resize").build())
                        .toList()));
            }
        }

        policies = Files.createDirectories(dir.resolve("policies"));
        logs = Files.createDirectories(Path.of("target", "two-daemons"));
        Files.writeString(policies.resolve("thumbnails.yml"), """
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

        nodeA = startNodeA("node-a");
        nodeB = AwsYml.app(settings("node-b"));
        nodeB.before();
    }

    /** What both nodes are told on top of config/aws.yml. */
    private static Map<String, String> settings(String node) {
        Map<String, String> settings = AwsYml.settings(policies, sqsEndpoint, aws.baseUrl(), database);
        settings.put("protection.requireSourceAddressMatch", "false");
        settings.put("scheduler.nodeName", node);
        settings.put("scheduler.checkinIntervalMillis", Long.toString(CHECKIN.toMillis()));
        return settings;
    }

    private static DaemonProcess startNodeA(String name) throws Exception {
        return DaemonProcess.start(AwsYml.PATH, AwsYml.systemProperties(settings(name)), logs.resolve(name + ".log"),
                Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.after();
        }
        ProductionSecrets.clear();
        CLIENT.close();
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
    void overTenTicksEachTickIsDecidedOnceAndActedOnAtMostOnce() {
        // The first evaluations of a cold JVM may overrun a tick; count from the third decision on.
        await().atMost(Duration.ofSeconds(120)).until(() -> decisions(nodeB.getLocalPort()).size() >= 12);

        List<DecisionJson> decided = decisions(nodeB.getLocalPort());
        assertOneDecisionPerTick(decided.subList(0, decided.size() - 2));
        assertThat(decided).allSatisfy(d -> {
            assertThat(d.action()).isEqualTo("SCALE_OUT");
            assertThat(d.node()).isIn("node-a", "node-b");
        });
        assertAtMostOneCallPerDecision(nodeB.getLocalPort());
    }

    @Test
    @Order(2)
    void aLeaseTakenOnOneNodeIsRenewedOnTheOtherReleasedOnTheFirstAndProtectionFollows() {
        String taken = put(nodeA.applicationPort(), 60);
        await().atMost(Duration.ofSeconds(30)).until(() -> protectionCalls("true") >= 1);

        String renewed = put(nodeB.getLocalPort(), 120);
        assertThat(Instant.parse(renewed)).isAfter(Instant.parse(taken));
        assertThat(leasesOn(nodeB.getLocalPort())).contains(INSTANCE).contains("task-1");

        Response released = CLIENT.target("http://127.0.0.1:" + nodeA.applicationPort()
                        + "/v1/instances/" + INSTANCE + "/protection").queryParam("holder", "task-1")
                .request().header("Authorization", "Bearer " + WORKER).delete();
        assertThat(released.getStatus()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(30)).until(() -> protectionCalls("false") >= 1);
        assertThat(leasesOn(nodeB.getLocalPort())).doesNotContain(INSTANCE);
        assertThat(protectionCalls("true")).as("protected once, not re-protected by the node that renewed").isEqualTo(1);
    }

    @Test
    @Order(3)
    void afterANodeIsKilledTheOtherRecordsTheNextDecisionsWithinTwoIntervalsAndACheckin() throws Exception {
        // The node that ran the last tick usually holds the next one: kill that node.
        await().atMost(Duration.ofSeconds(60)).until(() -> decisions(nodeB.getLocalPort()).get(0).node().equals("node-a"));
        nodeA.kill();
        Instant killed = Instant.now();

        DecisionJson next = await().atMost(Duration.ofSeconds(60)).until(() -> decisions(nodeB.getLocalPort()).stream()
                .filter(d -> Instant.parse(d.time()).isAfter(killed)).reduce((newer, older) -> older).orElse(null), d -> d != null);
        assertThat(next.node()).isEqualTo("node-b");
        assertThat(Duration.between(killed, Instant.parse(next.time())))
                .isLessThanOrEqualTo(INTERVAL.multipliedBy(2).plus(CHECKIN));
        await().atMost(Duration.ofSeconds(60)).until(() -> decisions(nodeB.getLocalPort()).stream()
                .filter(d -> Instant.parse(d.time()).isAfter(killed)).count() >= 4);
        assertOneDecisionPerTick(decisions(nodeB.getLocalPort()).stream()
                .filter(d -> !Instant.parse(d.time()).isBefore(Instant.parse(next.time()))).toList());
        assertAtMostOneCallPerDecision(nodeB.getLocalPort());
    }

    @Test
    @Order(4)
    void aNodeThatShutsDownGracefullyHandsItsTicksOverWithoutAMissedOrDoubledTick() throws Exception {
        nodeA = startNodeA("node-a2");
        int a2 = nodeA.applicationPort();
        await().atMost(Duration.ofSeconds(60)).until(() -> decisions(a2).size() >= 3);
        Instant before = Instant.now();
        // What Dropwizard's SIGTERM hook runs: stop the server and every managed object, the scheduler included.
        nodeB.after();
        nodeB = null;
        await().atMost(Duration.ofSeconds(60)).until(() -> decisions(a2).stream()
                .filter(d -> Instant.parse(d.time()).isAfter(before)).count() >= 4);

        List<DecisionJson> around = decisions(a2).stream()
                .filter(d -> Instant.parse(d.time()).isAfter(before.minus(INTERVAL.multipliedBy(3)))).toList();
        assertOneDecisionPerTick(around);
        assertThat(around.get(0).node()).isEqualTo("node-a2");
        assertAtMostOneCallPerDecision(a2);
    }

    /**
     * As many decisions as ticks between the first and the last: none doubled, none missed. A
     * tick taken over late may be decided late, so the count, not the spacing, is checked.
     */
    private static void assertOneDecisionPerTick(List<DecisionJson> newestFirst) {
        List<Instant> times = newestFirst.stream().map(d -> Instant.parse(d.time())).sorted(Comparator.naturalOrder()).toList();
        long ticks = Math.round((double) Duration.between(times.get(0), times.get(times.size() - 1)).toMillis()
                / INTERVAL.toMillis()) + 1;
        assertThat(times).as("decisions of %d ticks", ticks).hasSize((int) ticks);
    }

    /** Decisions are stored by a writer thread, a moment after their call: the count is awaited, not read once. */
    private static void assertAtMostOneCallPerDecision(int port) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            long applied = decisions(port).stream().filter(d -> d.outcome().equals("APPLIED")).count();
            assertThat(QueryParameters.sent(aws, "SetDesiredCapacity")).as("one call per applied decision, none twice")
                    .hasSize((int) applied);
        });
    }

    private static List<DecisionJson> decisions(int port) {
        return CLIENT.target("http://127.0.0.1:" + port + "/v1/decisions")
                .queryParam("policy", "thumbnails").queryParam("limit", 500)
                .request().header("Authorization", "Bearer " + ADMIN)
                .get(DecisionListJson.class).items();
    }

    /** Takes or renews task-1's lease on the instance through the given node; returns expiresAt. */
    private static String put(int port, int leaseSeconds) {
        Response response = CLIENT.target("http://127.0.0.1:" + port + "/v1/instances/" + INSTANCE + "/protection")
                .request().header("Authorization", "Bearer " + WORKER)
                .put(Entity.json(Map.of("leaseSeconds", leaseSeconds, "holder", "task-1")));
        assertThat(response.getStatus()).as("PUT protection on port %d", port).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = response.readEntity(Map.class);
        return (String) body.get("expiresAt");
    }

    private static String leasesOn(int port) {
        return CLIENT.target("http://127.0.0.1:" + port + "/v1/leases")
                .request().header("Authorization", "Bearer " + ADMIN).get(String.class);
    }

    private static long protectionCalls(String protect) {
        return QueryParameters.sent(aws, "SetInstanceProtection").stream()
                .filter(p -> p.list("InstanceIds.member").contains(INSTANCE) && protect.equals(p.get("ProtectedFromScaleIn")))
                .count();
    }

    private static void answer(String action, String resource) {
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody(TestResources.text(resource))));
    }
}
