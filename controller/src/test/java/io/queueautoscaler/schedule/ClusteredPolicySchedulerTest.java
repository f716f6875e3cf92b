package io.queueautoscaler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.testing.PolicyBuilder;
import io.queueautoscaler.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two nodes of one Quartz cluster on PostgreSQL: each tick fires on one node only, a node that
 * starts later keeps the cluster's ticks, and a node that leaves hands its jobs to the other.
 */
class ClusteredPolicySchedulerTest {
    private static final ScalingPolicy EVERY_SECOND = PolicyBuilder.backlog("thumbnails", "thumbnails-workers", 0, 5)
            .interval(1).build();

    private final Map<Instant, List<String>> firings = new ConcurrentHashMap<>();
    private final List<PolicyScheduler> started = new CopyOnWriteArrayList<>();
    private PGSimpleDataSource database;

    @BeforeEach
    void database() {
        database = TestDatabases.postgres();
    }

    @AfterEach
    void stop() throws Exception {
        for (PolicyScheduler s : started) {
            s.stop();
        }
        TestDatabases.drop(database);
    }

    private PolicyScheduler node(String name) throws Exception {
        PolicyScheduler node = PolicyScheduler.clustered(
                tick -> firings.computeIfAbsent(tick.scheduledAt(), t -> new CopyOnWriteArrayList<>()).add(name),
                database, name, 2, Duration.ofSeconds(1));
        started.add(node);
        return node;
    }

    private long firedBy(String node) {
        return firings.values().stream().filter(nodes -> nodes.contains(node)).count();
    }

    @Test
    void eachTickFiresOnOneNodeAndTheSurvivorTakesOverWhenANodeLeaves() throws Exception {
        PolicyScheduler a = node("node-a");
        a.sync(List.of(EVERY_SECOND));
        a.start();
        PolicyScheduler b = node("node-b");
        b.sync(List.of(EVERY_SECOND));
        b.start();
        AtomicInteger before = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).until(() -> firings.size() >= 8);

        a.stop();
        started.remove(a);
        before.set(firings.size());
        Instant left = Instant.now();
        await().atMost(Duration.ofSeconds(60)).until(() -> firings.keySet().stream().filter(t -> t.isAfter(left)).count() >= 4);

        assertThat(firings.values()).as("nodes per tick").allSatisfy(nodes -> assertThat(nodes).hasSize(1));
        assertThat(firings.entrySet().stream().filter(e -> e.getKey().isAfter(left.plusSeconds(1))))
                .as("after node-a left").allSatisfy(e -> assertThat(e.getValue()).containsExactly("node-b"));
        assertThat(b.scheduled()).containsExactly("thumbnails");
    }

    @Test
    void aNodeThatStartsLaterKeepsTheClustersTicks() throws Exception {
        PolicyScheduler a = node("node-a");
        a.sync(List.of(EVERY_SECOND));
        a.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> firings.size() >= 2);

        PolicyScheduler b = node("node-b");
        b.sync(List.of(EVERY_SECOND));
        b.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> firings.size() >= 8);

        // One trigger: every tick lies on the same whole-second grid from node-a's start.
        List<Instant> ticks = firings.keySet().stream().sorted().toList();
        long phase = ticks.get(0).toEpochMilli() % 1000;
        assertThat(ticks).allSatisfy(t -> assertThat(t.toEpochMilli() % 1000).isEqualTo(phase));
        assertThat(firings.values()).allSatisfy(nodes -> assertThat(nodes).hasSize(1));
        assertThat(firedBy("node-a") + firedBy("node-b")).isEqualTo(firings.size());
    }
}
