package io.queueautoscaler.cluster;

import static io.queueautoscaler.testing.InMemoryFleet.inService;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.jackson.Jackson;
import io.queueautoscaler.api.StrictJson;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.InMemoryDecisionLog;
import io.queueautoscaler.intervention.PolicyHold;
import io.queueautoscaler.lease.LeaseView;
import io.queueautoscaler.policy.Behavior;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.BurstRhythm;
import io.queueautoscaler.recommend.Deletions;
import io.queueautoscaler.recommend.LeasedTasks;
import io.queueautoscaler.recommend.PolicyMemory;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.recommend.Recommender;
import io.queueautoscaler.recommend.SaturatedMinutes;
import io.queueautoscaler.reconcile.LocalPolicyMemories;
import io.queueautoscaler.reconcile.PolicyMemories;
import io.queueautoscaler.reconcile.Reconciler;
import io.queueautoscaler.testing.InMemoryFleet;
import io.queueautoscaler.testing.PolicyBuilder;
import io.queueautoscaler.testing.StubQueueMetrics;
import io.queueautoscaler.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What a policy's evaluations learned is kept in the database, so the node that evaluates the
 * next tick, whichever it is, stabilizes and rate-limits with it.
 */
class JdbiPolicyMemoriesTest {
    private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

    abstract static class Contract {
        final VirtualClock clock = new VirtualClock(START);
        final InMemoryFleet fleet = new InMemoryFleet()
                .group("workers", 0, 20, 2, inService("i-0000000000000000a"), inService("i-0000000000000000b"));
        final StubQueueMetrics queues = new StubQueueMetrics();
        final InMemoryDecisionLog log = new InMemoryDecisionLog(100);
        /** The default behavior: scale-downs wait for 300 s of recommendations to agree. */
        final ScalingPolicy backlog = PolicyBuilder.backlog("jobs", "workers", 0, 20).behavior(Behavior.DEFAULT).build();

        abstract DataSource database();

        JdbiPolicyMemories store(String node) {
            return new JdbiPolicyMemories(Jdbi.create(database()), StrictJson.configure(Jackson.newObjectMapper()), node, clock);
        }

        Reconciler node(PolicyMemories memories) {
            // Workers finish a dozen leased tasks between two ticks, so the memory keeps what they showed.
            LeaseView leases = new LeaseView() {
                @Override
                public Map<String, Instant> liveLeases(String group) {
                    return Map.of();
                }

                @Override
                public LeasedTasks takeReleasedTasks(String group) {
                    return new LeasedTasks(12, 9.5);
                }
            };
            return new Reconciler(source -> queues, fleet, log, leases, new Recommender(), clock,
                    (policy, now) -> PolicyHold.NONE, memories);
        }

        /** One tick on the given node, 15 s after the previous one, with this many messages waiting. */
        Decision tick(Reconciler node, ScalingPolicy policy, long waiting) {
            clock.advance(Duration.ofSeconds(15));
            queues.depth(PolicyBuilder.QUEUE, waiting, 0);
            return node.reconcile(policy);
        }

        @Test
        void aMemoryComesBackAsItWasKeptWithItsWindowScaleEventsAndWorkload() {
            ScalingPolicy latency = PolicyBuilder.policy().build();
            fleet.group("jobs-workers", 0, 40, 1, inService("i-0000000000000000c"));
            LocalPolicyMemories local = new LocalPolicyMemories();
            Reconciler reconciler = node(local);
            for (long waiting : new long[] {40, 400, 900, 300, 20}) {
                clock.advance(Duration.ofSeconds(15));
                queues.depth(PolicyBuilder.HIGH, waiting, waiting / 4);
                reconciler.reconcile(latency);
            }
            PolicyMemory learned = local.recall(latency);
            assertThat(learned.recommendations()).hasSizeGreaterThan(1);
            assertThat(learned.scaleEvents()).isNotEmpty();
            assertThat(learned.workload().queues()).isNotEmpty();
            assertThat(learned.workload().serviceRate().leasedTasks()).hasSize(5);

            store("node-a").keep(latency, learned);

            assertThat(store("node-b").recall(latency)).isEqualTo(learned);
        }

        /**
         * Five minutes of latency-mode ticks on a queue whose source counts deleted messages, as
         * CloudWatch does: each minute published two minutes after it starts and read over the last
         * five; minutes 12:01 to 12:03 saturated.
         */
        PolicyMemory learnFromDeletedMessages(ScalingPolicy latency, PolicyMemories memories) {
            fleet.group("jobs-workers", 0, 40, 4, inService("i-0000000000000000c"), inService("i-0000000000000000d"),
                    inService("i-0000000000000000e"), inService("i-0000000000000000f"));
            Reconciler reconciler = node(memories);
            for (int tick = 0; tick < 20; tick++) {
                clock.advance(Duration.ofSeconds(15));
                List<Deletions> published = new ArrayList<>();
                Instant now = clock.instant();
                for (Instant minute = now.minusSeconds(300).truncatedTo(ChronoUnit.MINUTES);
                        !minute.plusSeconds(120).isAfter(now); minute = minute.plusSeconds(60)) {
                    boolean saturated = !minute.isBefore(START.plusSeconds(60)) && minute.isBefore(START.plusSeconds(240));
                    published.add(new Deletions(minute, saturated ? 240 : 0, saturated, saturated));
                }
                queues.depth(new QueueDepth(PolicyBuilder.HIGH, 50, 16, 0, published));
                reconciler.reconcile(latency);
            }
            return memories.recall(latency);
        }

        @Test
        void theSaturatedMinutesOfDeletedMessagesComeBackAsTheyWereKept() {
            ScalingPolicy latency = PolicyBuilder.policy().build();
            PolicyMemory learned = learnFromDeletedMessages(latency, new LocalPolicyMemories());
            SaturatedMinutes minutes = learned.workload().serviceRate().saturatedMinutes();
            assertThat(minutes.minutes()).extracting(SaturatedMinutes.Minute::minute)
                    .containsExactly(START.plusSeconds(60), START.plusSeconds(120), START.plusSeconds(180));
            assertThat(minutes.slots()).isNotEmpty();

            store("node-a").keep(latency, learned);

            assertThat(store("node-b").recall(latency)).isEqualTo(learned);
        }

        @Test
        void aMemoryKeptBeforeDeletedMessagesWereLearnedFromReadsWithNone() throws Exception {
            ScalingPolicy latency = PolicyBuilder.policy().build();
            JdbiPolicyMemories store = store("node-a");
            PolicyMemory kept = learnFromDeletedMessages(latency, store);
            assertThat(kept.workload().serviceRate().saturatedMinutes()).isNotEqualTo(SaturatedMinutes.NONE);
            Jdbi.create(database()).useHandle(h -> {
                String text = h.createQuery("SELECT memory FROM policy_memories WHERE policy = :policy")
                        .bind("policy", latency.name()).mapTo(String.class).one();
                ObjectNode json = (ObjectNode) Jackson.newObjectMapper().readTree(text);
                ObjectNode rate = (ObjectNode) json.get("workload").get("serviceRate");
                assertThat(rate.remove("saturatedMinutes")).isNotNull();
                h.createUpdate("UPDATE policy_memories SET memory = :memory WHERE policy = :policy")
                        .bind("memory", json.toString()).bind("policy", latency.name()).execute();
            });

            PolicyMemory older = store("node-b").recall(latency);

            assertThat(older.workload().serviceRate().saturatedMinutes()).isEqualTo(SaturatedMinutes.NONE);
            assertThat(older.workload().queues()).isEqualTo(kept.workload().queues());
            assertThat(older.workload().serviceRate().leasedTasks()).isEqualTo(kept.workload().serviceRate().leasedTasks());
            assertThat(older.recommendations()).isEqualTo(kept.recommendations());
        }

        @Test
        void aMemoryKeptBeforeBurstsWereRememberedReadsAsNoBurstsSeen() throws Exception {
            JdbiPolicyMemories store = store("node-a");
            tick(node(store), backlog, 100);
            PolicyMemory kept = store.recall(backlog);
            Jdbi.create(database()).useHandle(h -> {
                String text = h.createQuery("SELECT memory FROM policy_memories WHERE policy = :policy")
                        .bind("policy", backlog.name()).mapTo(String.class).one();
                ObjectNode json = (ObjectNode) Jackson.newObjectMapper().readTree(text);
                assertThat(json.remove("bursts")).isNotNull();
                h.createUpdate("UPDATE policy_memories SET memory = :memory WHERE policy = :policy")
                        .bind("memory", json.toString()).bind("policy", backlog.name()).execute();
            });

            PolicyMemory older = store("node-b").recall(backlog);

            assertThat(older).isEqualTo(kept);
            assertThat(older.bursts()).isEqualTo(BurstRhythm.NONE);
        }

        @Test
        void aChangedSpecStartsAfreshAndARemovedPolicyIsForgotten() {
            JdbiPolicyMemories store = store("node-a");
            tick(node(store), backlog, 100);
            assertThat(store.recall(backlog)).isNotEqualTo(PolicyMemory.EMPTY);

            assertThat(store.recall(PolicyBuilder.backlog("jobs", "workers", 0, 19).build())).isEqualTo(PolicyMemory.EMPTY);
            store.retain(Set.of("other"));
            assertThat(store.recall(backlog)).isEqualTo(PolicyMemory.EMPTY);
        }

        @Test
        void aRecommendationMadeOnOneNodeStopsAScaleInOnTheOtherWithinTheWindow() {
            JdbiPolicyMemories shared = store("node-a");
            Decision last = scaleInAfterAHighTickOnTheOtherNode(node(shared), node(store("node-b")));
            assertThat(last.reason()).isEqualTo(Reason.SCALE_DOWN_STABILIZED);
            assertThat(last.action()).isEqualTo(Action.NONE);
            assertThat(fleet.state("workers").desiredCapacity()).isEqualTo(6);
        }

        @Test
        void withMemoriesInEachProcessTheSameTicksScaleIn() {
            Decision last = scaleInAfterAHighTickOnTheOtherNode(node(new LocalPolicyMemories()), node(new LocalPolicyMemories()));
            assertThat(last.action()).as("node B's own window never saw node A's recommendation").isEqualTo(Action.SCALE_IN);
        }

        /** Node B evaluates a quiet queue, node A a busy one (10 wanted, 6 allowed by the rate limit), node B a quiet one again. */
        private Decision scaleInAfterAHighTickOnTheOtherNode(Reconciler a, Reconciler b) {
            assertThat(tick(b, backlog, 20).desiredCapacity()).hasValue(2);
            assertThat(tick(a, backlog, 100).desiredCapacity()).hasValue(6);
            assertThat(fleet.state("workers").desiredCapacity()).isEqualTo(6);
            return tick(b, backlog, 20);
        }

        @Test
        void failedEvaluationsOnOneNodeKeepTheRecommendationInTheWindowForTheOther() {
            Reconciler a = node(store("node-a"));
            Reconciler b = node(store("node-b"));
            assertThat(tick(a, backlog, 100).desiredCapacity()).hasValue(6);
            fleet.failDescribe = new FleetException("Throttling: Rate exceeded");
            for (int i = 0; i < 24; i++) { // six minutes of failed ticks on node A, longer than the 300 s window
                assertThat(tick(a, backlog, 20).action()).isEqualTo(Action.NONE);
            }
            fleet.failDescribe = null;

            Decision after = tick(b, backlog, 20);

            assertThat(after.reason()).as("the outage did not empty the window").isEqualTo(Reason.SCALE_DOWN_STABILIZED);
            assertThat(fleet.state("workers").desiredCapacity()).isEqualTo(6);
        }
    }

    @Nested
    class OnH2 extends Contract {
        private final DataSource database = TestDatabases.h2();

        @Override
        DataSource database() {
            return database;
        }
    }

    @Nested
    class OnPostgres extends Contract {
        private PGSimpleDataSource database;

        @Override
        DataSource database() {
            if (database == null) {
                database = TestDatabases.postgres();
            }
            return database;
        }

        @AfterEach
        void drop() {
            TestDatabases.drop(database);
        }
    }
}
