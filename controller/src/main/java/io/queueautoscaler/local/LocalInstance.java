package io.queueautoscaler.local;

import io.queueautoscaler.lease.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * One in-process "instance": after its boot delay it runs {@code concurrencyPerInstance} worker
 * threads that really receive messages from SQS (highest-priority queue first), hold a
 * protection lease while working, spend a random service time and delete the message. An idle
 * worker long-polls (as SQS workers should): it costs a request per 20 s, not a busy loop; a
 * failing one backs off rather than retrying every second.
 */
final class LocalInstance {
    private static final Logger LOG = LoggerFactory.getLogger(LocalInstance.class);
    /** SQS's longest wait: an idle worker asks once per this, per queue. */
    static final int LONG_POLL_SECONDS = 20;
    /**
     * A failed worker waits this, doubling with each failure in a row up to a long poll, with
     * jitter: 500 workers that failed together (an overloaded SQS server) do not retry together.
     */
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    final String instanceId;
    final Instant launchedAt;
    final Instant inServiceAt;
    volatile boolean protectedFromScaleIn;
    private final AtomicInteger busy = new AtomicInteger();
    /** Tasks begun once the daemon reported the instance protected: no scale-in may take the instance now. */
    private final AtomicInteger protectedTasks = new AtomicInteger();
    /** Leases this instance's workers hold (taken, not yet released). */
    private final AtomicInteger leases = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    LocalInstance(String instanceId, Instant launchedAt, Instant inServiceAt) {
        this.instanceId = instanceId;
        this.launchedAt = launchedAt;
        this.inServiceAt = inServiceAt;
    }

    boolean inService(Instant now) {
        return !now.isBefore(inServiceAt);
    }

    boolean idle() {
        return busy.get() == 0;
    }

    boolean inProtectedTask() {
        return protectedTasks.get() > 0;
    }

    /** Whether a worker still holds a lease it has not released. */
    boolean holdsLease() {
        return leases.get() > 0;
    }

    synchronized boolean started() {
        return running;
    }

    synchronized void start(LocalGroup group, SqsClient sqs, WorkerLease lease, double serviceSeconds, long seed,
                            LocalFleetMetrics metrics) {
        running = true;
        for (int slot = 0; slot < group.concurrencyPerInstance(); slot++) {
            SplittableRandom random = new SplittableRandom(seed + slot);
            Thread thread = new Thread(() -> work(group, sqs, lease, serviceSeconds, random, metrics),
                    "local-worker-" + instanceId + "-" + slot);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stops the workers at once; a message being worked on goes back to its queue when its visibility times out. */
    synchronized void terminate() {
        running = false;
        threads.forEach(Thread::interrupt);
    }

    private record Received(String queueUrl, Message message) {
    }

    /**
     * One worker thread. Each task holds a lease of its own (its own holder), so the daemon sees
     * when each task began and ended. A task's lease is released once the next task's lease is
     * taken, or once no message is waiting: a busy worker keeps its instance protected without a
     * gap between two tasks, and an idle one holds nothing. The slot timer runs from a message's
     * receipt until the worker has looked for the next (its lease taken, the work done, the message
     * deleted, the next receive answered): what one task costs a busy slot.
     */
    private void work(LocalGroup group, SqsClient sqs, WorkerLease lease, double serviceSeconds, SplittableRandom random,
                      LocalFleetMetrics metrics) {
        WorkerLease.Held held = null;
        long received = 0;
        Backoff failures = new Backoff(FIRST_RETRY, Duration.ofSeconds(LONG_POLL_SECONDS), random);
        String self = Thread.currentThread().getName();
        try {
            while (running) {
                try {
                    // Busy (or with several queues to rank), look without waiting first, so the lease goes
                    // before a long poll; idle on one queue, that look would only double the requests.
                    Received next = held != null || group.queueUrls().size() > 1 ? receive(group.queueUrls(), 0, sqs) : null;
                    if (held != null) {
                        metrics.slotTime(group.name()).update(System.nanoTime() - received, TimeUnit.NANOSECONDS);
                    }
                    if (next == null) {
                        held = release(held);
                        next = receive(group.queueUrls(),
                                Math.max(1, LONG_POLL_SECONDS / Math.max(1, group.queueUrls().size())), sqs);
                    }
                    failures.succeeded(self);
                    if (next == null) {
                        continue;
                    }
                    if (!running) {
                        // Terminated during the long poll: hand the message straight back rather than hide it for its
                        // visibility timeout.
                        Received back = next;
                        sqs.changeMessageVisibility(c -> c.queueUrl(back.queueUrl())
                                .receiptHandle(back.message().receiptHandle()).visibilityTimeout(0));
                        return;
                    }
                    received = System.nanoTime();
                    WorkerLease.Held task = lease.hold(instanceId);
                    leases.incrementAndGet();
                    WorkerLease.Held previous = held;
                    held = task;
                    release(previous);
                    process(next, task.protectedFromScaleIn(), sqs, serviceSeconds, random, metrics);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    Duration wait = failures.failed(self, Instant.now());
                    LOG.warn("local worker on {} failed, retrying in {} ms: {}", instanceId, wait.toMillis(), e.toString());
                    held = release(held);
                    sleepQuietly(wait);
                }
            }
        } finally {
            release(held);
        }
    }

    private WorkerLease.Held release(WorkerLease.Held held) {
        if (held != null) {
            try {
                held.close();
            } finally {
                leases.decrementAndGet();
            }
        }
        return null;
    }

    /**
     * The first message of the highest-priority queue that has one, each queue asked with this
     * wait: none first, then, when all are empty, each for its share of {@link #LONG_POLL_SECONDS},
     * so a message on a lower-priority queue waits at most that.
     */
    private static Received receive(List<String> queueUrls, int waitSeconds, SqsClient sqs) {
        for (String queueUrl : queueUrls) {
            ReceiveMessageResponse response = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(1)
                    .waitTimeSeconds(waitSeconds));
            if (response.hasMessages() && !response.messages().isEmpty()) {
                return new Received(queueUrl, response.messages().get(0));
            }
        }
        return null;
    }

    private void process(Received received, boolean isProtected, SqsClient sqs, double serviceSeconds,
                         SplittableRandom random, LocalFleetMetrics metrics) throws InterruptedException {
        busy.incrementAndGet();
        (isProtected ? metrics.protectedTasks() : metrics.unprotectedTasks()).inc();
        if (isProtected) {
            protectedTasks.incrementAndGet();
        }
        try {
            long millis = (long) (-Math.log(1 - random.nextDouble()) * serviceSeconds * 1000);
            Thread.sleep(millis);
            sqs.deleteMessage(d -> d.queueUrl(received.queueUrl()).receiptHandle(received.message().receiptHandle()));
        } finally {
            // The task is over before its lease can be released, so a protected task never outlives its protection.
            if (isProtected) {
                protectedTasks.decrementAndGet();
            }
            busy.decrementAndGet();
        }
    }

    private void sleepQuietly(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
