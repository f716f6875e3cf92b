package io.queueautoscaler.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.queueautoscaler.testing.DaemonProcess;
import io.queueautoscaler.testing.PolicyFiles;
import io.queueautoscaler.testing.ProductionSecrets;
import io.queueautoscaler.testing.SilentEndpoint;
import io.queueautoscaler.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * SIGTERM to the daemon on config/aws.yml while every AWS API hangs (an endpoint on loopback that
 * accepts connections and never answers): evaluations of four policies and a lease take are
 * waiting on AWS when the signal comes. A Kubernetes pod has 30 s before SIGKILL; the daemon must
 * be gone within 25 s and say that it stopped.
 */
class SigtermWhileAwsHangsTest {
    private static final String ADMIN = "test-admin-token-0123456789-sigterm-hang";
    private static final String WORKER = "test-worker-token-0123456789-sigterm-hang";
    private static final Duration BOUND = Duration.ofSeconds(25);

    private PGSimpleDataSource database;

    @AfterEach
    void dropDatabase() {
        TestDatabases.drop(database);
    }

    @Test
    void sigtermWhileEvaluationsAndALeaseTakeHangOnAwsExitsWithin25Seconds(@TempDir Path dir) throws Exception {
        database = TestDatabases.postgres();
        try (SilentEndpoint aws = new SilentEndpoint()) {
            Path policies = Files.createDirectories(dir.resolve("policies"));
            for (String name : new String[] {"thumbnails", "transcode", "reports", "mail"}) {
                PolicyFiles.backlog(policies, name, aws.url(), 2);
            }
            Map<String, String> properties = new LinkedHashMap<>(ProductionSecrets.properties(ADMIN, WORKER));
            properties.put("dw.policiesDirectory", policies.toString());
            properties.put("dw.aws.endpointOverride", aws.url());
            properties.put("dw.database.url", database.getUrl());
            properties.put("dw.database.user", TestDatabases.POSTGRES_USER);
            properties.put("dw.server.applicationConnectors[0].port", "0");
            properties.put("dw.server.adminConnectors[0].port", "0");
            properties.put("dw.protection.requireSourceAddressMatch", "false");
            properties.put("dw.scheduler.nodeName", "sigterm-node");
            Path log = Files.createDirectories(Path.of("target", "faults")).resolve("sigterm-while-aws-hangs.log");

            try (DaemonProcess daemon = DaemonProcess.start("../config/aws.yml", properties, log, Duration.ofSeconds(120))) {
                // Each evaluation opens a connection to Auto Scaling and waits: four at once are in flight.
                await().atMost(Duration.ofSeconds(60)).until(() -> aws.accepted() >= 4);
                CompletableFuture<HttpResponse<String>> take = HttpClient.newHttpClient().sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.applicationPort()
                                        + "/v1/instances/i-0a1b2c3d4e5f60003/protection"))
                                .header("Authorization", "Bearer " + WORKER)
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"holder\":\"task-1\",\"leaseSeconds\":60}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                int before = aws.accepted();
                await().atMost(Duration.ofSeconds(30)).until(() -> aws.accepted() > before);

                Instant sent = Instant.now();
                Duration took = daemon.terminate(BOUND.plusSeconds(30));
                assertThat(took).as("time from SIGTERM at %s to exit; the log: %s", sent, log).isLessThan(BOUND);
                String written = Files.readString(log);
                assertThat(written).as("exit %d, %s after SIGTERM at %s; the log: %s", daemon.exitValue(), took, sent, log)
                        .contains("queue-autoscaler stopped");
                await().alias("the lease take in flight is answered or its connection closed")
                        .atMost(Duration.ofSeconds(10)).until(take::isDone);
            }
        }
    }
}
