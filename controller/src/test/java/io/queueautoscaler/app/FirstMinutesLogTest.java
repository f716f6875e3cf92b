package io.queueautoscaler.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.queueautoscaler.testing.DaemonProcess;
import io.queueautoscaler.testing.LogClassifier;
import io.queueautoscaler.testing.LogClassifier.Category;
import io.queueautoscaler.testing.LogClassifier.Line;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default's log as a newcomer's terminal shows it, application and request log
 * together: the daemon in a JVM of its own on config/local.yml, with a shorter burst and lease
 * summary so that a burst, a scale-out, a scale-in and a summary fit in a few minutes; then a
 * SIGTERM. Every line at INFO or above must be a decision that changed something, a failure, a
 * lease summary, a reload, start/stop, or a request this test made; no lease call reaches the
 * access log, no token ever does, and start and stop say nothing at WARN.
 */
class FirstMinutesLogTest {
    private static final String ADMIN = "local-admin-token";

    @TempDir
    Path dir;

    @Test
    void everyLineAtInfoOrAboveIsOneAnOperatorNeeds() throws Exception {
        Map<String, String> properties = new TreeMap<>(Map.of(
                "dw.policiesDirectory", "../policies/",
                "dw.database.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "dw.local.sqsPort", "0",
                "dw.local.load[0].seconds", "20",
                "dw.local.load[1].seconds", "200",
                "dw.protection.leaseSummarySeconds", "20",
                "dw.server.applicationConnectors[0].port", "0",
                "dw.server.adminConnectors[0].port", "0"));
        Path log = dir.resolve("daemon.log");
        List<String> atStop;
        try (DaemonProcess daemon = DaemonProcess.start("../config/local.yml", properties, log, Duration.ofMinutes(5))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + daemon.applicationPort();
            assertThat(get(http, base + "/v1/policies").statusCode()).isEqualTo(200);
            assertThat(get(http, base + "/v1/decisions?access_token=" + ADMIN).statusCode()).isEqualTo(400);

            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                List<String> lines = read(log);
                return lines.stream().anyMatch(l -> l.contains("action=SCALE_OUT outcome=APPLIED"))
                        && lines.stream().anyMatch(l -> l.contains("action=SCALE_IN outcome=APPLIED"))
                        && lines.stream().anyMatch(l -> l.contains("LeaseSummary: leases in the last"));
            });
            atStop = read(log);
            daemon.terminate(Duration.ofSeconds(90));
            assertThat(daemon.alive()).as("the daemon exits on SIGTERM; its log: %s", log).isFalse();
        }
        List<String> lines = read(log);
        List<Line> classified = LogClassifier.classify(lines);

        assertThat(classified.stream().filter(l -> l.category().isNoise()).map(Line::text))
                .as("lines at INFO or above that are no decision, failure, lease summary, reload or start/stop")
                .isEmpty();
        assertThat(lines).as("no line quotes a token").noneMatch(l -> l.contains(ADMIN));
        assertThat(classified).as("the request log writes (this test's own request), so the absence of lease calls means something")
                .anyMatch(l -> l.category() == Category.REQUEST && l.text().contains("\"GET /v1/policies HTTP/1.1\" 200"));
        assertThat(classified).anyMatch(l -> l.category() == Category.LEASE_SUMMARY);
        assertThat(classified).filteredOn(l -> l.category() == Category.CHANGE).extracting(Line::text)
                .anyMatch(t -> t.contains("action=SCALE_OUT")).anyMatch(t -> t.contains("action=SCALE_IN"));

        int started = classified.stream().filter(l -> l.text().contains("org.eclipse.jetty.server.Server: Started"))
                .mapToInt(Line::number).findFirst().orElseThrow();
        assertThat(classified.stream().filter(l -> l.number() < started || l.number() > atStop.size())
                .filter(l -> !l.level().equals("INFO") && !l.level().equals("ACCESS")).map(Line::text)
                .collect(Collectors.toList()))
                .as("lines above INFO while the daemon starts or stops (its log: %s)", log)
                .isEmpty();
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + ADMIN)
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> read(Path log) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }
}
