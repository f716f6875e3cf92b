package io.queueautoscaler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.testing.PolicyBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PolicySchedulerTest {
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private PolicyScheduler scheduler;

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    private void evaluate(Tick tick) {
        String policy = tick.policy();
        if (running.computeIfAbsent(policy, p -> new AtomicInteger()).incrementAndGet() > 1) {
            overlaps.incrementAndGet();
        }
        runs.computeIfAbsent(policy, p -> new AtomicInteger()).incrementAndGet();
        try {
            if (policy.equals("slow")) {
                release.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.get(policy).decrementAndGet();
        }
    }

    @Test
    void runsEveryPolicyOnItsOwnScheduleAndNeverOnePolicyTwiceAtOnce() throws Exception {
        scheduler = PolicyScheduler.inMemory(this::evaluate, 4);
        scheduler.sync(List.of(PolicyBuilder.backlog("fast", "g1", 0, 5).build(), PolicyBuilder.backlog("slow", "g2", 0, 5).build()));
        scheduler.start();

        // "slow" is stuck in its first run for the whole test, while its 15 s interval keeps firing
        // misfires at it; "fast" still runs, and "slow" never runs twice at once.
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.containsKey("fast") && runs.containsKey("slow"));
        assertThat(scheduler.scheduled()).containsExactlyInAnyOrder("fast", "slow");
        assertThat(overlaps).hasValue(0);
        assertThat(runs.get("slow")).hasValue(1);
    }

    /** Three policies of one shard ("b", "orders-5" and "orders-51" are all in shard 6 of 15 s). */
    private static final List<String> ONE_SHARD = List.of("b", "orders-5", "orders-51");

    @Test
    void aShardsTickEvaluatesEachOfItsPoliciesOnceAtTheShardsScheduledTime() throws Exception {
        assertThat(ONE_SHARD).allSatisfy(name -> assertThat(Shard.of(name, 15)).isEqualTo(new Shard(15, 6)));
        Map<Instant, List<Tick>> ticks = new ConcurrentHashMap<>();
        scheduler = PolicyScheduler.inMemory(tick -> ticks.computeIfAbsent(tick.scheduledAt(),
                t -> new CopyOnWriteArrayList<>()).add(tick), 4);
        scheduler.sync(ONE_SHARD.stream().map(name -> PolicyBuilder.backlog(name, name + "-workers", 0, 5).build()).toList());
        scheduler.start();

        // Alone, a new shard fires once at start, then at its phase of the interval: two ticks.
        await().atMost(Duration.ofSeconds(40)).until(() -> ticks.values().stream().filter(t -> t.size() == 3).count() >= 2);
        assertThat(ticks.values()).allSatisfy(tick -> {
            assertThat(tick).extracting(Tick::policy).containsExactlyInAnyOrderElementsOf(ONE_SHARD);
            assertThat(tick).allSatisfy(t -> assertThat(t.firedAt()).isAfterOrEqualTo(t.scheduledAt()));
        });
        assertThat(ticks.keySet()).as("the ticks after the first lie on the shard's phase").filteredOn(
                t -> Math.floorMod(t.toEpochMilli(), 15_000L) == 6 * 15_000L / Shard.PER_INTERVAL).isNotEmpty();
    }

    @Test
    void stoppingInterruptsTheEvaluationsOfAShardsTickThatDoesNotEnd() throws Exception {
        CountDownLatch started = new CountDownLatch(ONE_SHARD.size());
        List<String> interrupted = new CopyOnWriteArrayList<>();
        scheduler = PolicyScheduler.inMemory(tick -> {
            started.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5).toMillis());
            } catch (InterruptedException e) {
                interrupted.add(tick.policy());
            }
        }, 4);
        scheduler.sync(ONE_SHARD.stream().map(name -> PolicyBuilder.backlog(name, name + "-workers", 0, 5).build()).toList());
        scheduler.start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        scheduler.stop(Duration.ofSeconds(4));
        scheduler = null;

        assertThat(interrupted).containsExactlyInAnyOrderElementsOf(ONE_SHARD);
    }

    @Test
    void followsThePolicySetAsItChanges() throws Exception {
        scheduler = PolicyScheduler.inMemory(this::evaluate, 2);
        scheduler.start();
        scheduler.sync(List.of(PolicyBuilder.backlog("a", "g1", 0, 5).build(), PolicyBuilder.backlog("b", "g2", 0, 5).build()));
        assertThat(scheduler.scheduled()).containsExactlyInAnyOrder("a", "b");

        scheduler.sync(List.of(PolicyBuilder.backlog("b", "g2", 0, 5).build()));

        assertThat(scheduler.scheduled()).containsExactly("b");
        assertThat(scheduler.running()).isTrue();
    }

    @Test
    void aShardRemovedWhileItsFirstTickStartsIsRemovedAllTheSame() throws Exception {
        scheduler = PolicyScheduler.inMemory(this::evaluate, 2);
        scheduler.start();
        List<ScalingPolicy> both = List.of(PolicyBuilder.backlog("a", "g1", 0, 5).build(), PolicyBuilder.backlog("b", "g2", 0, 5).build());
        List<ScalingPolicy> one = List.of(PolicyBuilder.backlog("b", "g2", 0, 5).build());
        for (int round = 0; round < 200; round++) {
            scheduler.sync(both);
            scheduler.sync(one);
            assertThat(scheduler.scheduled()).containsExactly("b");
        }
    }
}
