package io.queueautoscaler.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.clock.VirtualClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A renewal the daemon acknowledged survives kill -9 of its process: a child JVM renews a lease to
 * an hour, says so, and is killed with SIGKILL (no shutdown hook, no last flush); the database it
 * leaves behind has the acknowledged expiry, and the lease that expired while it was down gets its
 * grace period at the next start.
 */
class KillNineTest {
    @TempDir
    Path directory;

    @Test
    void anAcknowledgedRenewalSurvivesKillNineAndAnExpiredLeaseGetsItsGrace() throws Exception {
        // The embedded default's own URL flags (config/local.yml), on a file of this test's own.
        String url = "jdbc:h2:file:" + directory.resolve("queue-autoscaler") + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE";
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingDaemon.class.getName(), url)
                .redirectErrorStream(true).start();
        String acknowledged;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            acknowledged = out.lines().filter(l -> l.startsWith("ACKNOWLEDGED ")).findFirst().orElse(null);
            child.destroyForcibly(); // SIGKILL on Linux: the process gets no chance to write anything more
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child died").isTrue();
        }
        assertThat(acknowledged).as("the child acknowledged a renewal").isNotNull();
        Instant toldExpiry = Instant.parse(acknowledged.split(" ")[2]);
        assertThat(Files.list(directory).map(Path::getFileName).map(Path::toString)).anyMatch(f -> f.endsWith(".mv.db"));

        JdbcDataSource database = new JdbcDataSource();
        database.setURL(url);
        database.setUser("sa");
        LeaseStore store = new JdbiLeaseStore(Jdbi.create(database));

        assertThat(store.leasesOf(CrashingDaemon.INSTANCE)).filteredOn(l -> l.holder().equals("long-task"))
                .singleElement().satisfies(l -> assertThat(l.expiresAt()).isEqualTo(toldExpiry));

        VirtualClock restart = new VirtualClock(Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.MILLIS));
        Leases restored = Leases.restore(store, restart);
        try {
            assertThat(restored.instance(CrashingDaemon.INSTANCE)).hasValueSatisfying(i -> assertThat(i.holders())
                    .extracting(Lease::holder, Lease::expiresAt).containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("long-task", toldExpiry),
                            org.assertj.core.groups.Tuple.tuple("short-task", restart.instant().plus(Duration.ofSeconds(2)))));
            assertThat(LeaseEvents.newestFirst(Jdbi.create(database), 10)).extracting(LeaseEvent::type).contains(LeaseEvent.Type.GRACE);
        } finally {
            restored.stop();
        }
    }
}
