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
    /** Per policy, the nodes that fired each of its ticks. */
    private final Map<String, Map<Instant, List<String>>> ticksOf = new ConcurrentHashMap<>();
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
        return node(name, 2, Duration.ofSeconds(1));
    }

    private PolicyScheduler node(String name, int threads, Duration checkin) throws Exception {
        PolicyScheduler node = PolicyScheduler.clustered(tick -> {
            firings.computeIfAbsent(tick.scheduledAt(), t -> new CopyOnWriteArrayList<>()).add(name);
            ticksOf.computeIfAbsent(tick.policy(), p -> new ConcurrentHashMap<>())
                    .computeIfAbsent(tick.scheduledAt(), t -> new CopyOnWriteArrayList<>()).add(name);
        }, database, name, threads, checkin);
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

    /**
     * A node holds the triggers due within the next second before it fires them. With the default
     * 5 s check-in, the other node would count the leaver as dead only after 10 s or more, past
     * the 5 s misfire threshold: a trigger the leaver held and did not hand over would lose a tick.
     * So when it has left, nothing in Quartz's tables may be held in its name any more.
     */
    @Test
    void aNodeThatShutsDownHandsOverTheTicksItHadTakenWithoutAMissedOrDoubledTick() throws Exception {
        List<ScalingPolicy> policies = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> PolicyBuilder.backlog("policy-" + i, "workers-" + i, 0, 5).interval(2).build()).toList();
        PolicyScheduler a = node("node-a", 4, Duration.ofSeconds(5));
        a.sync(policies);
        a.start();
        PolicyScheduler b = node("node-b", 4, Duration.ofSeconds(5));
        b.sync(policies);
        b.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> firedBy("node-a") >= 10 && firedBy("node-b") >= 10);

        a.stop();
        started.remove(a);
        Instant left = Instant.now();

        assertThat(count("SELECT count(*) FROM qrtz_fired_triggers WHERE instance_name = 'node-a'"))
                .as("triggers node-a had taken and not finished, after it left").isZero();
        assertThat(count("SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = 'node-a'"))
                .as("node-a still a member of the cluster after it left").isZero();
        await().atMost(Duration.ofSeconds(90)).until(() -> policies.stream().allMatch(p ->
                ticksOf.get(p.name()).keySet().stream().filter(t -> t.isAfter(left)).count() >= 2));
        assertThat(ticksOf.values()).as("nodes per tick").allSatisfy(ticks ->
                assertThat(ticks.values()).allSatisfy(nodes -> assertThat(nodes).hasSize(1)));
    }

    /**
     * An earlier version kept one job and trigger per policy in the group "policies"; left in the
     * database, they would fire beside the shards, each at its own phase, so each policy would be
     * evaluated twice an interval with two different ticks, both claimable.
     */
    @Test
    void syncRemovesThePerPolicyJobsOfAnEarlierVersion() throws Exception {
        long next = Instant.now().plusSeconds(3600).toEpochMilli();
        execute("INSERT INTO qrtz_job_details (sched_name, job_name, job_group, job_class_name, is_durable, "
                + "is_nonconcurrent, is_update_data, requests_recovery) VALUES ('queue-autoscaler', 'thumbnails', "
                + "'policies', 'io.queueautoscaler.schedule.EvaluatePolicyJob', false, true, false, false)");
        execute("INSERT INTO qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group, next_fire_time, "
                + "prev_fire_time, priority, trigger_state, trigger_type, start_time, misfire_instr) VALUES ('queue-autoscaler', "
                + "'thumbnails', 'policies', 'thumbnails', 'policies', " + next + ", -1, 5, 'WAITING', 'SIMPLE', " + next + ", 5)");
        execute("INSERT INTO qrtz_simple_triggers (sched_name, trigger_name, trigger_group, repeat_count, repeat_interval, "
                + "times_triggered) VALUES ('queue-autoscaler', 'thumbnails', 'policies', -1, 1000, 0)");

        PolicyScheduler a = node("node-a");
        a.sync(List.of(EVERY_SECOND));

        assertThat(count("SELECT count(*) FROM qrtz_triggers WHERE trigger_group = 'policies'")).isZero();
        assertThat(count("SELECT count(*) FROM qrtz_job_details WHERE job_group = 'policies'")).isZero();
        assertThat(count("SELECT count(*) FROM qrtz_triggers WHERE trigger_group = 'shards'")).isEqualTo(1);
        assertThat(a.scheduled()).containsExactly("thumbnails");
    }

    private void execute(String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = database.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private long count(String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = database.getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
