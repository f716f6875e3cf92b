package io.queueautoscaler.schedule;

import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's policies by shard, and the evaluation of a shard's tick: each of its policies is
 * evaluated once, in parallel on a pool of {@code threads} threads, as a {@link Tick} named by
 * the shard's scheduled time and started when its own evaluation starts (so its lateness counts
 * the wait for a thread). The tick ends when all its policies' evaluations ended; interrupting the
 * thread that waits for them interrupts the evaluations running and drops those not started.
 */
final class ShardEvaluations {
    private static final Logger LOG = LoggerFactory.getLogger(ShardEvaluations.class);

    private final PolicyEvaluator evaluator;
    private final ExecutorService pool;
    private volatile Map<Shard, List<String>> members = Map.of();

    ShardEvaluations(PolicyEvaluator evaluator, int threads) {
        this.evaluator = evaluator;
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "policy-evaluation-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, factory);
    }

    /** Places the policies in their shards; the ticks that start afterwards evaluate this set. */
    void assign(Collection<ScalingPolicy> policies) {
        members = Map.copyOf(policies.stream().sorted(Comparator.comparing(ScalingPolicy::name))
                .collect(Collectors.groupingBy(Shard::of, Collectors.mapping(ScalingPolicy::name, Collectors.toUnmodifiableList()))));
    }

    Map<Shard, List<String>> members() {
        return members;
    }

    /** Evaluates the tick of {@code shard} scheduled at {@code scheduledAt}; returns when every evaluation ended. */
    void evaluate(Shard shard, Instant scheduledAt) {
        List<String> policies = members.getOrDefault(shard, List.of());
        CountDownLatch ended = new CountDownLatch(policies.size());
        List<Run> runs = new ArrayList<>(policies.size());
        for (String policy : policies) {
            Run run = new Run(policy, scheduledAt, ended);
            runs.add(run);
            pool.execute(run);
        }
        try {
            ended.await();
        } catch (InterruptedException e) {
            runs.forEach(Run::cancel);
            try {
                ended.await();
            } catch (InterruptedException again) {
                LOG.warn("shard {}: tick {} left while evaluations still run: {}", shard.jobName(), scheduledAt,
                        runs.stream().filter(Run::running).map(r -> r.policy).toList());
            }
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes no more evaluations; the pool's threads end with the evaluations still running, which
     * the stop has interrupted already (through the ticks that wait for them).
     */
    void shutdown() {
        pool.shutdown();
    }

    /** One policy's evaluation of one tick: runs once, or not at all when cancelled before it started. */
    private final class Run implements Runnable {
        private final String policy;
        private final Instant scheduledAt;
        private final CountDownLatch ended;
        private Thread thread;
        private boolean started;
        private boolean done;

        Run(String policy, Instant scheduledAt, CountDownLatch ended) {
            this.policy = policy;
            this.scheduledAt = scheduledAt;
            this.ended = ended;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (started) {
                    return; // cancelled before it started
                }
                started = true;
                thread = Thread.currentThread();
            }
            try {
                evaluator.evaluate(new Tick(policy, scheduledAt, Instant.now()));
            } catch (RuntimeException e) {
                LOG.error("policy {}: the evaluation of tick {} failed unexpectedly", policy, scheduledAt, e);
            } finally {
                synchronized (this) {
                    thread = null;
                    done = true;
                    Thread.interrupted(); // the pool's thread runs the next evaluation uninterrupted
                }
                ended.countDown();
            }
        }

        /** Interrupts the evaluation if it runs; drops it if it has not started. */
        synchronized void cancel() {
            if (!started) {
                started = true;
                done = true;
                ended.countDown();
            } else if (thread != null) {
                thread.interrupt();
            }
        }

        synchronized boolean running() {
            return started && !done;
        }
    }
}
