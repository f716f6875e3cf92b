package io.queueautoscaler.local;

import static io.dropwizard.testing.ConfigOverride.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.queueautoscaler.QueueAutoscalerApplication;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.worker.ProtectionClient;
import io.queueautoscaler.worker.ProtectionLease;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two tasks running at once on one instance, each with the shipped client's lease, through the
 * real daemon on the embedded default: the first task to finish leaves the instance protected for
 * the second; when both are done, the protection is lifted.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TwoTasksOnOneInstanceTest {
    private static final DropwizardAppExtension<QueueAutoscalerConfiguration> APP = new DropwizardAppExtension<>(
            QueueAutoscalerApplication.class,
            Path.of("../config/local.yml").toAbsolutePath().toString(),
            config("server.applicationConnectors[0].port", "0"),
            config("server.adminConnectors[0].port", "0"),
            config("database.url", "jdbc:h2:mem:two-tasks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE"),
            config("policiesDirectory", Path.of("src/test/resources/two-tasks/policies").toAbsolutePath().toString()),
            config("policyReloadSeconds", "3600"),
            config("protection.flushIntervalMillis", "200"),
            config("local.sqsPort", "0"),
            config("local.bootSeconds", "0"),
            config("local.initialCapacity", "1"),
            config("local.load[0].messagesPerSecond", "0"),
            config("local.load[1].messagesPerSecond", "0"),
            config("logging.level", "WARN"));

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void closingOneTasksLeaseKeepsTheInstanceProtectedAndClosingBothLiftsIt() throws Exception {
        String instance = await("the group's instance in service").atMost(Duration.ofMinutes(1))
                .until(TwoTasksOnOneInstanceTest::inServiceInstance, id -> id != null);
        URI daemon = URI.create("http://127.0.0.1:" + APP.getLocalPort());
        ExecutorService tasks = Executors.newFixedThreadPool(2);
        try (ProtectionClient client = ProtectionClient.builder(daemon, "local-worker-token")
                .leaseDuration(Duration.ofSeconds(30)).build()) {
            // Both tasks start at once, as two worker threads would.
            CompletableFuture<ProtectionLease> first = CompletableFuture.supplyAsync(() -> client.protect(instance), tasks);
            CompletableFuture<ProtectionLease> second = CompletableFuture.supplyAsync(() -> client.protect(instance), tasks);
            ProtectionLease a = first.get();
            ProtectionLease b = second.get();
            assertThat(a.holder()).isNotEqualTo(b.holder());
            assertThat(a.awaitProtected(Duration.ofSeconds(30))).isTrue();
            assertThat(groupSaysProtected(instance)).isTrue();

            a.close();
            Thread.sleep(1000); // five flush intervals: time enough to lift the protection, were it to be lifted

            assertThat(groupSaysProtected(instance)).as("the second task still holds its lease").isTrue();
            assertThat(holders(instance)).containsExactly(b.holder());

            b.close();

            await("protection lifted once no task holds a lease").atMost(Duration.ofSeconds(30))
                    .until(() -> !groupSaysProtected(instance));
            assertThat(status(protectionPath(instance))).isEqualTo(404);
        } finally {
            tasks.shutdownNow();
        }
    }

    private static String inServiceInstance() throws IOException, InterruptedException {
        return instances().stream().filter(i -> "InService".equals(i.get("lifecycleState")))
                .map(i -> (String) i.get("instanceId")).findFirst().orElse(null);
    }

    /** The group's own flag, as the local fleet (the Auto Scaling look-alike) has it. */
    private static boolean groupSaysProtected(String instance) throws IOException, InterruptedException {
        return instances().stream().filter(i -> instance.equals(i.get("instanceId")))
                .anyMatch(i -> Boolean.TRUE.equals(i.get("protected")));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> instances() throws IOException, InterruptedException {
        return (List<Map<String, Object>>) JSON.readValue(body("/v1/policies/pair"), Map.class).get("instances");
    }

    @SuppressWarnings("unchecked")
    private static List<String> holders(String instance) throws IOException, InterruptedException {
        List<Map<String, Object>> holders = (List<Map<String, Object>>) JSON.readValue(body(protectionPath(instance)), Map.class)
                .get("holders");
        return holders.stream().map(h -> (String) h.get("holder")).toList();
    }

    private static String protectionPath(String instance) {
        return "/v1/instances/" + instance + "/protection";
    }

    private static String body(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static int status(String path) throws IOException, InterruptedException {
        return send(path).statusCode();
    }

    private static HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .header("Authorization", "Bearer local-admin-token").build(), HttpResponse.BodyHandlers.ofString());
    }
}
