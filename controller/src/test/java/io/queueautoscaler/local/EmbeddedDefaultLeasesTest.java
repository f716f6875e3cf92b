package io.queueautoscaler.local;

import static io.dropwizard.testing.ConfigOverride.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.queueautoscaler.QueueAutoscalerApplication;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The embedded default (config/local.yml) with a fast policy and a short burst pattern: local
 * workers lease protection over the daemon's real HTTP port, the leased instances show up
 * protected in the policy's status, and over several scale cycles no instance is terminated while
 * one of its workers is in a task it began under protection.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class EmbeddedDefaultLeasesTest {
    private static final DropwizardAppExtension<QueueAutoscalerConfiguration> APP = new DropwizardAppExtension<>(
            QueueAutoscalerApplication.class,
            Path.of("../config/local.yml").toAbsolutePath().toString(),
            config("server.applicationConnectors[0].port", "0"),
            config("server.adminConnectors[0].port", "0"),
            config("database.url", "jdbc:h2:mem:embedded-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE"),
            config("policiesDirectory", Path.of("src/test/resources/embedded-default/policies").toAbsolutePath().toString()),
            config("policyReloadSeconds", "3600"),
            config("protection.flushIntervalMillis", "250"),
            config("local.sqsPort", "0"),
            config("local.bootSeconds", "1"),
            config("local.serviceSeconds", "0.4"),
            config("local.initialCapacity", "1"),
            config("local.load[0].seconds", "5"),
            config("local.load[0].messagesPerSecond", "25"),
            config("local.load[1].seconds", "12"),
            config("local.load[1].messagesPerSecond", "0"),
            config("logging.level", "WARN"));

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void leasedInstancesShowUpProtectedAndAreNeverScaledInOverSeveralCycles() {
        await("a leased instance shown protected in GET /v1/policies/burst").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> instances().stream().anyMatch(i -> Boolean.TRUE.equals(i.get("protected"))
                        && i.get("leaseExpiresAt") != null));

        await("three scale cycles: out, then in, three times").atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> scaleInPhases() >= 3 && counter("local-fleet.terminated") >= 3);

        assertThat(counter("local-fleet.protected-tasks")).isPositive();
        assertThat(counter("local-fleet.launched")).isGreaterThanOrEqualTo(4);
        assertThat(counter("local-fleet.terminated-while-protected")).isZero();
    }

    private static long counter(String name) {
        return APP.getEnvironment().metrics().counter(name).getCount();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> instances() throws IOException, InterruptedException {
        return (List<Map<String, Object>>) get("/v1/policies/burst").get("instances");
    }

    /** Runs of applied scale-ins, each after an applied scale-out: one per burst the pool grew for and shrank after. */
    @SuppressWarnings("unchecked")
    private static int scaleInPhases() throws IOException, InterruptedException {
        List<Map<String, Object>> newestFirst = (List<Map<String, Object>>) get("/v1/decisions?policy=burst&limit=500").get("items");
        List<Object> actions = newestFirst.stream().filter(d -> "APPLIED".equals(d.get("outcome")))
                .map(d -> d.get("action")).collect(Collectors.toList());
        Collections.reverse(actions);
        int phases = 0;
        Object previous = null;
        for (Object action : actions) {
            if ("SCALE_IN".equals(action) && "SCALE_OUT".equals(previous)) {
                phases++;
            }
            previous = action;
        }
        return phases;
    }

    private static Map<?, ?> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .header("Authorization", "Bearer local-admin-token").build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readValue(response.body(), Map.class);
    }
}
