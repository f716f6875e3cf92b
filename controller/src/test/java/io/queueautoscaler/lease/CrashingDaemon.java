package io.queueautoscaler.lease;

import static io.queueautoscaler.testing.InMemoryFleet.inService;

import io.queueautoscaler.db.Schema;
import io.queueautoscaler.testing.InMemoryFleet;
import io.queueautoscaler.testing.PolicyBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The lease side of a daemon in a process of its own, for {@link KillNineTest}: on the H2 file
 * database named by its argument (opened as config/local.yml opens it) it takes two holders'
 * leases, renews one for an hour, prints what it acknowledged, and waits to be killed.
 */
public final class CrashingDaemon {
    static final String INSTANCE = "i-0a1b2c3d4e5f60001";
    static final String GROUP = "thumbnails-workers";

    private CrashingDaemon() {
    }

    public static void main(String[] args) throws InterruptedException {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL(args[0]);
        database.setUser("sa");
        Schema.migrate(database);
        InMemoryFleet fleet = new InMemoryFleet().group(GROUP, 0, 10, 1, inService(INSTANCE));
        ProtectionLeases leases = ProtectionLeases.restore(new JdbiLeaseStore(Jdbi.create(database)), fleet,
                id -> Optional.of(GROUP), Optional.empty(), () -> List.of(PolicyBuilder.backlog("thumbnails", GROUP, 0, 10).build()),
                Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(), Clock.systemUTC(), "crashing");
        leases.keeper().protect(INSTANCE, "short-task", OptionalInt.of(2), "127.0.0.1");
        leases.keeper().protect(INSTANCE, "long-task", OptionalInt.of(5), "127.0.0.1");
        LeaseGrant renewed = leases.keeper().protect(INSTANCE, "long-task", OptionalInt.of(3600), "127.0.0.1");
        System.out.println("ACKNOWLEDGED " + renewed.holder() + " " + renewed.expiresAt());
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5).toMillis()); // killed long before: a test that forgot it ends it here
        System.exit(1);
    }
}
