package io.queueautoscaler.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.queueautoscaler.QueueAutoscalerApplication;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.api.DecisionJson;
import io.queueautoscaler.api.DecisionListJson;
import io.queueautoscaler.api.PolicyJson;
import io.queueautoscaler.api.PolicyListJson;
import io.queueautoscaler.testing.TestDatabases;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.glassfish.jersey.client.ClientProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Pause, override and resume through the HTTP API of the embedded default, and both survive a
 * restart: a second daemon on the same database (H2 file, PostgreSQL) still honours them.
 */
class InterventionsAppTest {
    private static final String ADMIN = "local-admin-token";

    abstract static class OnADatabase {
        private final List<DropwizardAppExtension<QueueAutoscalerConfiguration>> running = new ArrayList<>();
        private DropwizardAppExtension<QueueAutoscalerConfiguration> app;

        abstract List<ConfigOverride> database();

        private void start() throws Exception {
            List<ConfigOverride> overrides = new ArrayList<>(database());
            overrides.add(ConfigOverride.config("policiesDirectory", "../policies/"));
            overrides.add(ConfigOverride.config("local.sqsPort", "0"));
            overrides.add(ConfigOverride.config("server.applicationConnectors[0].port", "0"));
            overrides.add(ConfigOverride.config("server.adminConnectors[0].port", "0"));
            overrides.add(ConfigOverride.config("logging.level", "WARN"));
            app = new DropwizardAppExtension<>(QueueAutoscalerApplication.class, "../config/local.yml",
                    overrides.toArray(ConfigOverride[]::new));
            app.before();
            running.add(app);
        }

        private void stop() {
            app.after();
            running.remove(app);
        }

        /** Stops what still runs, then lets the database go. */
        @AfterEach
        void stopAll() {
            List.copyOf(running).forEach(a -> {
                a.after();
                running.remove(a);
            });
            dropDatabase();
        }

        void dropDatabase() {
        }

        private Response call(String method, String path, String json) {
            // Generous timeouts: this runs beside other builds on two shared cores.
            var request = app.client().target("http://127.0.0.1:" + app.getLocalPort() + path).request()
                    .property(ClientProperties.READ_TIMEOUT, 60_000)
                    .header("Authorization", "Bearer " + ADMIN);
            return json == null ? request.method(method) : request.method(method, Entity.entity(json, MediaType.APPLICATION_JSON));
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> ok(Response response) {
            assertThat(response.getStatus()).as(() -> response.readEntity(String.class)).isEqualTo(200);
            return response.readEntity(Map.class);
        }

        private PolicyJson policy(String name) {
            return call("GET", "/v1/policies", null).readEntity(PolicyListJson.class).items().stream()
                    .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        }

        private DecisionJson newest(String query) {
            List<DecisionJson> items = call("GET", "/v1/decisions?limit=1&" + query, null).readEntity(DecisionListJson.class).items();
            return items.isEmpty() ? null : items.get(0);
        }

        @Test
        void pauseAndOverrideHoldThroughARestartAndEndWhenDeleted() throws Exception {
            start();
            Instant until = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            Map<String, Object> pause = ok(call("PUT", "/v1/policies/reports-step/pause",
                    "{\"reason\": \"incident 42\", \"until\": \"" + until + "\", \"by\": \"ops\"}"));
            assertThat(pause).containsEntry("by", "ops").containsEntry("reason", "incident 42").containsEntry("until", until.toString())
                    .containsEntry("from", "127.0.0.1").containsKey("since");
            Map<String, Object> override = ok(call("PUT", "/v1/policies/thumbnails/override", "{\"desiredCapacity\": 3, \"reason\": \"load test\"}"));
            assertThat(override).containsEntry("desiredCapacity", 3).containsEntry("by", "admin").containsEntry("until", null);

            DecisionJson paused = await().atMost(Duration.ofSeconds(90)).until(
                    () -> newest("policy=reports-step&reason=PAUSED"), d -> d != null);
            assertThat(paused.message()).startsWith("paused by ops until " + until + " (reason: incident 42); would ");
            DecisionJson held = await().atMost(Duration.ofSeconds(90)).until(
                    () -> newest("policy=thumbnails&reason=OVERRIDDEN"), d -> d != null);
            assertThat(held.desiredCapacity()).isEqualTo(3);
            assertThat(held.message()).startsWith("overridden to 3 by admin until resumed (reason: load test): ");

            stop();
            start();

            PolicyJson reports = policy("reports-step");
            assertThat(reports.status().paused()).isNotNull();
            assertThat(reports.status().paused().reason()).isEqualTo("incident 42");
            assertThat(reports.status().paused().until()).isEqualTo(until.toString());
            assertThat(reports.status().override()).isNull();
            PolicyJson thumbnails = call("GET", "/v1/policies/thumbnails", null).readEntity(PolicyJson.class);
            assertThat(thumbnails.status().override().desiredCapacity()).isEqualTo(3);
            long afterRestart = newest("").id();
            DecisionJson stillHeld = await().atMost(Duration.ofSeconds(90)).until(
                    () -> newest("policy=thumbnails"), d -> d != null && d.id() > afterRestart);
            assertThat(stillHeld.reason()).isEqualTo("OVERRIDDEN");
            assertThat(stillHeld.desiredCapacity()).isEqualTo(3);

            assertThat(call("DELETE", "/v1/policies/reports-step/pause", null).getStatus()).isEqualTo(204);
            assertThat(call("DELETE", "/v1/policies/reports-step/pause", null).getStatus()).as("idempotent").isEqualTo(204);
            assertThat(call("DELETE", "/v1/policies/thumbnails/override", null).getStatus()).isEqualTo(204);
            assertThat(policy("reports-step").status().paused()).isNull();
            assertThat(policy("thumbnails").status().override()).isNull();
            long resumedAt = newest("").id();
            DecisionJson free = await().atMost(Duration.ofSeconds(90)).until(
                    () -> newest("policy=thumbnails"), d -> d != null && d.id() > resumedAt);
            assertThat(free.reason()).isNotIn("PAUSED", "OVERRIDDEN");
        }

        @Test
        void aPauseWithAnUntilLapsesByItselfAndBadRequestsAreRefusedInPlainWords() throws Exception {
            start();
            Instant soon = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
            ok(call("PUT", "/v1/policies/video-transcode/pause", "{\"until\": \"" + soon + "\"}"));
            assertThat(policy("video-transcode").status().paused().until()).isEqualTo(soon.toString());
            await().atMost(Duration.ofSeconds(90)).until(() -> policy("video-transcode").status().paused() == null);
            assertThat(ok(call("PUT", "/v1/policies/video-transcode/pause", ""))).as("no body: paused until resumed")
                    .containsEntry("until", null);

            Function<Response, String> message = r -> String.valueOf(r.readEntity(Map.class).get("message"));
            Map<String, String> refusals = Map.of(
                    "{\"desiredCapacity\": 99}", "desiredCapacity 99 is outside the bounds: policy thumbnails allows [0, 8] "
                            + "and Auto Scaling Group thumbnails-workers allows [0, 8]",
                    "{\"reason\": \"no number\"}", "desiredCapacity is required",
                    "{\"desiredCapacity\": \"three\"}", "field 'desiredCapacity' must be a whole number",
                    "{\"desiredCapacity\": 2, \"untill\": \"2030-01-01T00:00:00Z\"}", "unknown field 'untill' in the request body; "
                            + "the fields are by, desiredCapacity, reason, until",
                    "{\"desiredCapacity\": 2, \"until\": \"tomorrow\"}", "until 'tomorrow' is not an ISO-8601 UTC time",
                    "{\"desiredCapacity\": 2, \"until\": \"2020-01-01T00:00:00Z\"}", "until 2020-01-01T00:00:00Z is not in the future",
                    "{\"desiredCapacity\": 2,", "the request body is not valid JSON (line 1, column ");
            refusals.forEach((body, says) -> {
                Response response = call("PUT", "/v1/policies/thumbnails/override", body);
                assertThat(response.getStatus()).as(body).isEqualTo(400);
                String text = message.apply(response);
                assertThat(text).as(body).contains(says).doesNotContain("com.fasterxml", "Unexpected character", "token");
            });
            Response unknown = call("PUT", "/v1/policies/nope/pause", "{}");
            assertThat(unknown.getStatus()).isEqualTo(404);
            assertThat(message.apply(unknown)).contains("GET /v1/policies");
            Response worker = app.client().target("http://127.0.0.1:" + app.getLocalPort() + "/v1/policies/thumbnails/pause")
                    .request().header("Authorization", "Bearer local-worker-token").put(Entity.json("{}"));
            assertThat(worker.getStatus()).isEqualTo(403);
        }
    }

    @Nested
    class OnAnH2File extends OnADatabase {
        @TempDir
        Path data;

        @Override
        List<ConfigOverride> database() {
            return List.of(ConfigOverride.config("database.url", "jdbc:h2:file:" + data.resolve("qa") + ";DB_CLOSE_ON_EXIT=FALSE"));
        }
    }

    @Nested
    class OnPostgres extends OnADatabase {
        private PGSimpleDataSource database;

        @BeforeEach
        void create() {
            database = TestDatabases.postgres();
        }

        @Override
        void dropDatabase() {
            TestDatabases.drop(database);
        }

        @Override
        List<ConfigOverride> database() {
            return List.of(ConfigOverride.config("database.driverClass", "org.postgresql.Driver"),
                    ConfigOverride.config("database.url", database.getUrl()),
                    ConfigOverride.config("database.user", TestDatabases.POSTGRES_USER));
        }
    }
}
