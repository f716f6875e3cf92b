package io.queueautoscaler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.queueautoscaler.testing.PolicyBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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
}
