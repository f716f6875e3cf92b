package io.queueautoscaler.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.queueautoscaler.QueueAutoscalerApplication;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.cli.StartRefusedException;
import io.queueautoscaler.testing.ProductionSecrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/aws.yml as shipped, on free ports, with an in-memory database and AWS endpoints that do
 * not answer (the admin port is the subject, not the scaling): the admin connector binds
 * loopback, its tasks and internals refuse a request without the admin token, and probes and
 * scrapers read /ping, /healthcheck and /prometheus without one.
 */
class AdminPortAppTest {
    private static final String ADMIN = "admin-" + UUID.randomUUID() + UUID.randomUUID();
    private static final String WORKER = "worker-" + UUID.randomUUID() + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static DropwizardAppExtension<QueueAutoscalerConfiguration> app;

    @BeforeAll
    static void start(@TempDir Path policies) throws Exception {
        Files.writeString(policies.resolve("thumbnails.yml"), """
                apiVersion: queue-autoscaler/v1
                kind: ScalingPolicy
                metadata: { name: thumbnails }
                spec:
                  target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 4 }
                  queues: [ { url: "http://127.0.0.1:1/000000000000/thumbnails" } ]
                  evaluationIntervalSeconds: 3600
                """);
        ProductionSecrets.set(ADMIN, WORKER);
        app = awsApp(policies);
        app.before();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.after();
        }
        ProductionSecrets.clear();
    }

    @Test
    void theAdminConnectorBindsLoopbackByDefault() {
        Connector[] connectors = app.getEnvironment().getApplicationContext().getServer().getConnectors();
        ServerConnector admin = (ServerConnector) connectors[connectors.length - 1];
        assertThat(admin.getLocalPort()).isEqualTo(app.getAdminPort());
        assertThat(admin.getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void tasksAndInternalsRefuseARequestWithoutTheAdminToken() throws Exception {
        for (String path : List.of("/tasks/gc", "/tasks/log-level")) {
            HttpResponse<String> anonymous = admin("POST", path, null);
            assertThat(anonymous.statusCode()).as("POST %s without a token", path).isEqualTo(401);
            assertThat(anonymous.body()).contains("admin token");
            assertThat(admin("POST", path, WORKER).statusCode()).as("POST %s with a worker token", path).isEqualTo(403);
        }
        for (String path : List.of("/threads", "/pprof", "/metrics", "/")) {
            assertThat(admin("GET", path, null).statusCode()).as("GET %s without a token", path).isEqualTo(401);
        }
        assertThat(admin("GET", "/threads", "not-" + ADMIN).statusCode()).isEqualTo(401);
    }

    @Test
    void theAdminTokenOpensTheTasks() throws Exception {
        assertThat(admin("POST", "/tasks/gc", ADMIN).statusCode()).isEqualTo(200);
        assertThat(admin("GET", "/threads", ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void probesAndScrapersNeedNoToken() throws Exception {
        assertThat(admin("GET", "/ping", null).statusCode()).isEqualTo(200);
        HttpResponse<String> scrape = admin("GET", "/prometheus", null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("# TYPE ");
        // Healthy or not (AWS does not answer here), the check answers rather than asking for a token.
        assertThat(admin("GET", "/healthcheck", null).statusCode()).isIn(200, 500);
    }

    @Test
    void refusesToStartWithAPlaceholderToken(@TempDir Path policies) throws Exception {
        Files.copy(Path.of("../policies/thumbnails.yml"), policies.resolve("thumbnails.yml"));
        ProductionSecrets.set("replace-me-with-a-long-random-admin-token", WORKER);
        try {
            DropwizardAppExtension<QueueAutoscalerConfiguration> refused = awsApp(policies);
            assertThatThrownBy(refused::before).isInstanceOf(StartRefusedException.class)
                    .hasMessageContaining("auth.adminTokens[0] is a placeholder");
        } finally {
            ProductionSecrets.set(ADMIN, WORKER);
        }
    }

    private static DropwizardAppExtension<QueueAutoscalerConfiguration> awsApp(Path policies) {
        return new DropwizardAppExtension<>(QueueAutoscalerApplication.class, "../config/aws.yml",
                ConfigOverride.config("policiesDirectory", policies.toString()),
                ConfigOverride.config("aws.endpointOverride", "http://127.0.0.1:1"),
                ConfigOverride.config("database.driverClass", "org.h2.Driver"),
                ConfigOverride.config("database.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
                ConfigOverride.config("database.user", "sa"),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("logging.level", "WARN"));
    }

    private static HttpResponse<String> admin(String method, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getAdminPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
