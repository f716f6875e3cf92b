package io.queueautoscaler.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.testing.AwsYml;
import io.queueautoscaler.testing.ProductionSecrets;
import io.queueautoscaler.testing.TestDatabases;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * config/aws.yml with every AWS endpoint on a port that refuses connections: /healthcheck turns
 * unhealthy once the policy has failed for policyHealth.failedEvaluations evaluations, and says which
 * policy and why; then, the database dropped under the daemon, it says the database is unreachable.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnreachableAwsHealthAppTest {
    private static final int FAILED_EVALUATIONS = 3;
    private static final int INTERVAL_SECONDS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PGSimpleDataSource database;
    private static DropwizardAppExtension<QueueAutoscalerConfiguration> app;

    @BeforeAll
    static void start(@TempDir Path policies) throws Exception {
        database = TestDatabases.postgres();
        String refusing;
        try (ServerSocket closedSoon = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusing = "http://127.0.0.1:" + closedSoon.getLocalPort();
        }
        Files.writeString(policies.resolve("thumbnails.yml"), """
                apiVersion: queue-autoscaler/v1
                kind: ScalingPolicy
                metadata: { name: thumbnails }
                spec:
                  target: { autoScalingGroupName: thumbnails-workers, minCapacity: 0, maxCapacity: 40 }
                  queues: [ { url: "%s/000000000000/thumbnails" } ]
                  scaling: { mode: backlogPerInstance, targetBacklogPerInstance: 10 }
                  evaluationIntervalSeconds: %d
                """.formatted(refusing, INTERVAL_SECONDS));
        ProductionSecrets.set("test-admin-token-0123456789-abcdefghijkl", "test-worker-token-0123456789-abcdefghijkl");
        Map<String, String> settings = AwsYml.settings(policies, refusing, refusing, database);
        settings.put("policyHealth.failedEvaluations", Integer.toString(FAILED_EVALUATIONS));
        app = AwsYml.app(settings);
        app.before();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.after();
        }
        ProductionSecrets.clear();
        TestDatabases.drop(database);
    }

    @Test
    @Order(1)
    void turnsUnhealthyNamingThePolicyOnceItsAwsCallsHaveFailedForTheConfiguredEvaluations() {
        // 3 evaluations of 2 s: given a loaded machine's slow start, well within a minute.
        JsonNode unhealthy = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(UnreachableAwsHealthAppTest::health, h -> !h.get("policies").get("healthy").asBoolean());

        String message = unhealthy.get("policies").get("message").asText();
        assertThat(message).contains("policy thumbnails", "AWS calls to Auto Scaling have failed",
                "cannot describe Auto Scaling Group thumbnails-workers", "unhealthy from " + FAILED_EVALUATIONS + " failed evaluations in a row");
        assertThat(unhealthy.get("scheduler").get("healthy").asBoolean())
                .as("the policy is evaluated on time, only its AWS calls fail").isTrue();
    }

    @Test
    @Order(2)
    void turnsUnhealthyWhenTheDatabaseIsUnreachable() {
        TestDatabases.drop(database);

        JsonNode unhealthy = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(UnreachableAwsHealthAppTest::health, h -> !h.get("database").get("healthy").asBoolean());

        assertThat(unhealthy.get("database").get("message").asText()).isNotBlank();
    }

    private static JsonNode health() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.getAdminPort() + "/healthcheck")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isIn(200, 500);
        return JSON.readTree(response.body());
    }
}
