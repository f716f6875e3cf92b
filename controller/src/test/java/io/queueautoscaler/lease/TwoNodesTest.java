package io.queueautoscaler.lease;

import static io.queueautoscaler.testing.InMemoryFleet.inService;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.fleet.GroupState;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.testing.InMemoryFleet;
import io.queueautoscaler.testing.PolicyBuilder;
import io.queueautoscaler.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two daemons' lease machinery (two stores, two flushers) on one PostgreSQL database and one
 * group: a lease taken, renewed or released on either node counts on the other at its next flush,
 * and the group's protection calls are made by one node at a time, the other taking over once
 * the first stops.
 */
class TwoNodesTest {
    private static final String GROUP = "thumbnails-workers";
    private static final String WORKER = "10.0.1.23";
    private static final List<String> IDS = IntStream.rangeClosed(1, 60)
            .mapToObj(i -> String.format("i-0d%015x", i)).toList();
    private static final String X = IDS.get(0);

    private final VirtualClock clock = new VirtualClock(java.time.Instant.parse("2026-11-26T10:00:00Z"));
    private final InMemoryFleet group = new InMemoryFleet().group(GROUP, 0, 100, IDS.size(),
            IDS.stream().map(id -> inService(id)).toArray(FleetInstance[]::new));
    /** Every protection call, with the node that made it, in order. */
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inCall = new AtomicInteger();
    private final AtomicInteger overlaps = new AtomicInteger();
    private PGSimpleDataSource database;
    private ProtectionLeases a;
    private ProtectionLeases b;

    @BeforeEach
    void start() {
        database = TestDatabases.postgres();
        a = node("node-a");
        b = node("node-b");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (a != null) {
            a.flusher().stop();
            b.flusher().stop();
        }
        TestDatabases.drop(database);
    }

    private ProtectionLeases node(String name) {
        return ProtectionLeases.restore(new JdbiLeaseStore(Jdbi.create(database)), recording(name), id -> Optional.of(GROUP),
                Optional.empty(), () -> List.of(PolicyBuilder.backlog("thumbnails", GROUP, 0, 100).build()),
                Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(name.hashCode()), clock, name);
    }

    /** The shared group as one node sees it: its protection calls are recorded with the node's name. */
    private Fleet recording(String node) {
        return new Fleet() {
            @Override
            public Map<String, GroupState> describe(Collection<String> groupNames) {
                return group.describe(groupNames);
            }

            @Override
            public void setDesiredCapacity(String groupName, int desiredCapacity) {
                group.setDesiredCapacity(groupName, desiredCapacity);
            }

            @Override
            public void setProtection(String groupName, List<String> instanceIds, boolean protectedFromScaleIn) {
                if (inCall.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                try {
                    group.setProtection(groupName, instanceIds, protectedFromScaleIn);
                    calls.add(node + (protectedFromScaleIn ? " protect " : " lift ") + instanceIds);
                } finally {
                    inCall.decrementAndGet();
                }
            }

            @Override
            public void terminateAndDecrement(String instanceId) {
                group.terminateAndDecrement(instanceId);
            }
        };
    }

    private boolean groupSaysProtected(String id) {
        return group.state(GROUP).instances().stream().anyMatch(i -> i.instanceId().equals(id) && i.protectedFromScaleIn());
    }

    @Test
    void aLeaseTakenOnOneNodeRenewedOnTheOtherAndReleasedOnTheFirstIsProtectedByOneNodeOnly() {
        a.keeper().protect(X, "task-1", OptionalInt.of(60), WORKER);
        b.flusher().flush(); // node B asks first: it makes the group's calls from now on
        assertThat(calls).containsExactly("node-b protect [" + X + "]");
        a.flusher().flush();
        assertThat(calls).as("node A does not own the group").hasSize(1);
        assertThat(a.keeper().find(X).orElseThrow().protectedFromScaleIn()).as("node A read B's confirmation at its flush")
                .isTrue();

        clock.advance(Duration.ofSeconds(50));
        Instant renewedUntil = b.keeper().protect(X, "task-1", OptionalInt.of(60), WORKER).expiresAt();
        assertThat(a.keeper().live()).as("GET /v1/leases on node A").singleElement()
                .satisfies(i -> assertThat(i.holders().get(0).expiresAt()).isEqualTo(renewedUntil));

        clock.advance(Duration.ofSeconds(20)); // past the first expiry, within the renewal
        b.flusher().flush(); // B, which flushes every second in real life, keeps its ownership
        a.flusher().flush();
        assertThat(groupSaysProtected(X)).isTrue();
        assertThat(calls).hasSize(1);

        a.keeper().release(X, "task-1", WORKER);
        a.flusher().flush();
        assertThat(calls).as("node A still does not own the group").hasSize(1);
        b.flusher().flush();

        assertThat(calls).containsExactly("node-b protect [" + X + "]", "node-b lift [" + X + "]");
        assertThat(groupSaysProtected(X)).isFalse();
    }

    @Test
    void whenTheOwnerStopsTheOtherNodeTakesTheGroupOverAndActsOnItsLeases() {
        b.keeper().protect(X, "task-1", OptionalInt.of(600), WORKER);
        a.flusher().flush();
        assertThat(calls).containsExactly("node-a protect [" + X + "]");

        // Node A dies: no more flushes. Node B waits out A's ownership, then acts.
        String y = IDS.get(1);
        b.keeper().protect(y, "task-1", OptionalInt.of(600), WORKER);
        b.flusher().flush();
        assertThat(calls).hasSize(1);
        clock.advance(Duration.ofSeconds(6));
        b.flusher().flush();

        assertThat(calls).containsExactly("node-a protect [" + X + "]", "node-b protect [" + y + "]");
        assertThat(groupSaysProtected(X)).isTrue();
        assertThat(groupSaysProtected(y)).isTrue();
    }

    @Test
    void twoFlushersRunningAtOnceNeverCallAtTheSameTimeAndEachChangeCostsOneCall() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (ProtectionLeases node : List.of(a, b)) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < 40; i++) {
                        node.flusher().flush();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (int i = 0; i < IDS.size(); i++) {
            (i % 2 == 0 ? a : b).keeper().protect(IDS.get(i), "task-1", OptionalInt.of(600), WORKER);
        }
        for (Thread t : threads) {
            t.join(120_000);
        }
        a.flusher().flush();
        b.flusher().flush();

        assertThat(overlaps.get()).as("calls made at the same time").isZero();
        assertThat(calls).allSatisfy(c -> assertThat(c).contains(" protect "));
        assertThat(calls.stream().map(c -> c.substring(0, c.indexOf(' '))).distinct()).as("one node made them all")
                .hasSize(1);
        assertThat(IDS).allSatisfy(id -> assertThat(groupSaysProtected(id)).isTrue());
        long protectedInstances = calls.stream().mapToLong(c -> c.split(",").length).sum();
        assertThat(protectedInstances).as("each instance protected once").isEqualTo(IDS.size());
    }
}
