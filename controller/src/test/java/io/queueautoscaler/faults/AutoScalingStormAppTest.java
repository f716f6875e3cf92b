package io.queueautoscaler.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.queueautoscaler.QueueAutoscalerApplication;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.testing.AutoScalingStubs;
import io.queueautoscaler.testing.PolicyFiles;
import io.queueautoscaler.testing.PrometheusText;
import io.queueautoscaler.testing.ProductionSecrets;
import io.queueautoscaler.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The daemon on config/aws.yml (its production AWS clients: adaptive retries, 4 s attempts, 10 s
 * calls) with Auto Scaling on a WireMock speaking AWS's Query protocol, and three policies
 * evaluated every 2 s. Auto Scaling fails in the ways the reliability run found: throttling while
 * 40 workers retry their lease takes, a 75 s hang, an internal error. Evaluations go on, Auto
 * Scaling is not stormed, and a capacity that could not be read is recorded as unknown.
 */
class AutoScalingStormAppTest {
    private static final String ADMIN = "test-admin-token-0123456789-storm-faults";
    private static final String WORKER = "test-worker-token-0123456789-storm-faults";
    private static final String[] POLICIES = {"jobs", "mail", "reports"};
    private static final String[] GROUPS = {"jobs-workers", "mail-workers", "reports-workers"};
    private static final int INSTANCES = 40;
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    /** The shipped aws.apiCallTimeout: no evaluation waits on Auto Scaling longer than this. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final String DESCRIBE = "Action=DescribeAutoScalingGroups&";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WireMockServer aws;
    private static PGSimpleDataSource database;
    private static DropwizardAppExtension<QueueAutoscalerConfiguration> app;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start(@TempDir Path policies) throws Exception {
        database = TestDatabases.postgres();
        // Delayed answers are sent from a scheduler, so a 75 s hang holds no WireMock thread.
        aws = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                .asynchronousResponseEnabled(true).asynchronousResponseThreads(4));
        aws.start();
        for (String name : POLICIES) {
            PolicyFiles.backlog(policies, name, aws.baseUrl(), (int) INTERVAL.toSeconds());
        }
        healthy();
        ProductionSecrets.set(ADMIN, WORKER);
        app = new DropwizardAppExtension<>(QueueAutoscalerApplication.class, "../config/aws.yml",
                ConfigOverride.config("policiesDirectory", policies.toString()),
                ConfigOverride.config("aws.endpointOverride", aws.baseUrl()),
                ConfigOverride.config("database.url", database.getUrl()),
                ConfigOverride.config("database.user", TestDatabases.POSTGRES_USER),
                ConfigOverride.config("protection.requireSourceAddressMatch", "false"),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"));
        app.before();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.after();
        }
        ProductionSecrets.clear();
        if (aws != null) {
            aws.stop();
        }
        TestDatabases.drop(database);
    }

    @BeforeEach
    void healthyAndEvaluating() {
        healthy();
        await().atMost(Duration.ofSeconds(90)).until(() -> decisions("jobs").stream()
                .anyMatch(d -> d.get("currentCapacity").isInt() && d.get("currentCapacity").asInt() == INSTANCES));
    }

    @Test
    void throttlingWhileFortyWorkersRetryTakesNeitherStormsAutoScalingNorStopsEvaluations() throws Exception {
        Instant throttled = Instant.now();
        aws.stubFor(post(urlEqualTo("/")).atPriority(1).withRequestBody(containing(DESCRIBE))
                .willReturn(AutoScalingStubs.xml(400, "error-throttling.xml")));
        ExecutorService workers = Executors.newFixedThreadPool(INSTANCES);
        try {
            List<Future<Integer>> takes = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                String instance = AutoScalingStubs.instanceId(0, i);
                takes.add(workers.submit(() -> takeHonouringRetryAfter(instance)));
            }
            Thread.sleep(Duration.ofSeconds(20).toMillis());
            Instant recovered = Instant.now();
            int describes = aws.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing(DESCRIBE))).stream()
                    .filter(r -> !r.getLoggedDate().before(Date.from(throttled)))
                    .toList().size();
            healthy();

            Duration throttling = Duration.between(throttled, recovered);
            double perSecond = describes / (throttling.toMillis() / 1000.0);
            System.out.printf("describes while throttled with 40 workers retrying: %d in %d ms (%.2f/s)%n",
                    describes, throttling.toMillis(), perSecond);
            assertThat(perSecond).as("DescribeAutoScalingGroups calls per second while throttled").isLessThanOrEqualTo(2.0);
            for (String policy : POLICIES) {
                assertEvaluatedThroughout(policy, throttled.plus(CALL_TIMEOUT), recovered);
            }

            for (Future<Integer> take : takes) {
                assertThat(take.get(90, TimeUnit.SECONDS)).as("a take once throttling stopped").isEqualTo(200);
            }
            System.out.printf("all 40 takes succeeded %d ms after throttling stopped%n",
                    Duration.between(recovered, Instant.now()).toMillis());
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void aSeventyFiveSecondHangDelaysNoEvaluationBeyondThePerCallTimeout() throws Exception {
        Instant hung = Instant.now();
        aws.stubFor(post(urlEqualTo("/")).atPriority(1).withRequestBody(containing(DESCRIBE))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody(AutoScalingStubs.groups(INSTANCES, GROUPS)).withFixedDelay(75_000)));
        Thread.sleep(Duration.ofSeconds(35).toMillis());
        Instant now = Instant.now();
        for (String policy : POLICIES) {
            assertEvaluatedThroughout(policy, hung, now);
        }
    }

    @Test
    void anAutoScalingOutageIsRecordedAsUnknownCapacityNeverAsZero() throws Exception {
        aws.stubFor(post(urlEqualTo("/")).atPriority(1).withRequestBody(containing(DESCRIBE))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "text/xml").withBody("""
                        <ErrorResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><Error><Type>Receiver</Type>
                        <Code>InternalFailure</Code><Message>An internal error occurred</Message></Error>
                        <RequestId>0f4e9b2d-7c61-4a3e-b8d5-1a2b3c4d5e6f</RequestId></ErrorResponse>""")));

        JsonNode unknown = await().atMost(Duration.ofSeconds(60)).until(() -> decisions("jobs").stream()
                .filter(d -> d.get("reason").asText().equals("FLEET_UNAVAILABLE")).findFirst().orElse(null), d -> d != null);
        assertThat(unknown.get("outcome").asText()).isEqualTo("FAILED");
        for (String field : List.of("currentCapacity", "recommendedCapacity", "desiredCapacity")) {
            assertThat(unknown.has(field)).as(field + " is there").isTrue();
            assertThat(unknown.get(field).isNull()).as(field + " is null, not 0: " + unknown).isTrue();
        }
        JsonNode single = get("/v1/decisions/" + unknown.get("id").asLong());
        assertThat(single.get("currentCapacity").isNull()).isTrue();
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getAdminPort() + "/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        PrometheusText scraped = PrometheusText.parse(metrics);
        for (String gauge : List.of("queue_autoscaler_desired_instances", "queue_autoscaler_in_service_instances",
                "queue_autoscaler_recommended_instances")) {
            assertThat(scraped.named(gauge)).as("no capacity gauge says 0 while unknown")
                    .filteredOn(sample -> "jobs".equals(sample.labels().get("policy")))
                    .noneMatch(sample -> sample.value() == 0);
        }

        healthy();
        JsonNode known = await().atMost(Duration.ofSeconds(60)).until(() -> decisions("jobs").get(0), d -> d.get("currentCapacity").isInt());
        assertThat(known.get("currentCapacity").asInt()).isEqualTo(INSTANCES);
        assertThat(known.get("desiredCapacity").isInt()).isTrue();
    }

    /**
     * Every decision of the policy between {@code from} and {@code to} follows the one before it
     * within an interval and one AWS call timeout, twice over for a loaded machine: far under the
     * 75 s an evaluation waited on a hung Auto Scaling before, and there are some.
     */
    private static void assertEvaluatedThroughout(String policy, Instant from, Instant to) throws Exception {
        List<Instant> times = decisions(policy).stream().map(d -> Instant.parse(d.get("time").asText()))
                .filter(t -> !t.isBefore(from.minus(INTERVAL.plus(CALL_TIMEOUT))) && t.isBefore(to)).sorted().toList();
        assertThat(times).as("decisions of %s from %s to %s", policy, from, to).hasSizeGreaterThanOrEqualTo(2);
        Duration bound = INTERVAL.plus(CALL_TIMEOUT).multipliedBy(2).plusSeconds(5);
        List<Instant> edges = new ArrayList<>(times);
        edges.add(to);
        for (int i = 1; i < edges.size(); i++) {
            assertThat(Duration.between(edges.get(i - 1), edges.get(i))).as("gap between decisions of %s: %s", policy, times)
                    .isLessThanOrEqualTo(bound);
        }
    }

    /** One worker: takes its lease, sleeping for each 503's Retry-After; returns the final status. */
    private static int takeHonouringRetryAfter(String instance) throws Exception {
        HttpRequest take = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort()
                        + "/v1/instances/" + instance + "/protection"))
                .header("Authorization", "Bearer " + WORKER).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"holder\":\"task\",\"leaseSeconds\":300}")).build();
        while (true) {
            HttpResponse<String> response = HTTP.send(take, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 503) {
                return response.statusCode();
            }
            long seconds = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        }
    }

    private static List<JsonNode> decisions(String policy) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        get("/v1/decisions?policy=" + policy + "&limit=500").get("items").forEach(items::add);
        return items;
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort() + path))
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void healthy() {
        aws.resetAll();
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing(DESCRIBE))
                .willReturn(xmlBody(AutoScalingStubs.groups(INSTANCES, GROUPS))));
        AutoScalingStubs.answer(aws, "SetDesiredCapacity", 200, "set-desired-capacity.xml");
        AutoScalingStubs.answer(aws, "SetInstanceProtection", 200, "set-instance-protection.xml");
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSQS.GetQueueAttributes"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"Attributes\":{\"ApproximateNumberOfMessages\":\"400\","
                                + "\"ApproximateNumberOfMessagesNotVisible\":\"0\",\"ApproximateNumberOfMessagesDelayed\":\"0\"}}")));
    }

    private static ResponseDefinitionBuilder xmlBody(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", "0f4e9b2d-7c61-4a3e-b8d5-1a2b3c4d5e6f").withBody(body);
    }
}
