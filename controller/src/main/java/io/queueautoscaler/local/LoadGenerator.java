package io.queueautoscaler.local;

import io.dropwizard.lifecycle.Managed;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Sends a repeating burst pattern to every managed queue, so the embedded default shows the
 * pool growing and shrinking. Each phase sends its rate for its duration; then the next.
 */
public final class LoadGenerator implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);

    private final SqsClient sqs;
    private final Supplier<List<String>> queueUrls;
    private final List<LocalConfiguration.LoadPhase> phases;
    private final long cycleSeconds;
    private ScheduledExecutorService ticker;
    private volatile boolean running;
    private long second;
    private double carry;

    public LoadGenerator(SqsClient sqs, Supplier<List<String>> queueUrls, List<LocalConfiguration.LoadPhase> phases) {
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("the load pattern needs at least one phase");
        }
        this.sqs = sqs;
        this.queueUrls = queueUrls;
        this.phases = List.copyOf(phases);
        this.cycleSeconds = phases.stream().mapToLong(LocalConfiguration.LoadPhase::seconds).sum();
    }

    @Override
    public void start() {
        running = true;
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-generator");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        running = false; // a send cut short by the stop is no failure
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    /** The rate of the phase that second {@code s} of the cycle falls into. */
    double rateAt(long s) {
        long offset = s % cycleSeconds;
        for (LocalConfiguration.LoadPhase phase : phases) {
            if (offset < phase.seconds()) {
                return phase.messagesPerSecond();
            }
            offset -= phase.seconds();
        }
        throw new IllegalStateException("unreachable: offset beyond the cycle");
    }

    private void tick() {
        try {
            double rate = rateAt(second);
            if (second % cycleSeconds == 0 || rateAt(second - 1 < 0 ? 0 : second - 1) != rate) {
                LOG.debug("load generator: {} messages/s to each of {} queue(s)", rate, queueUrls.get().size());
            }
            second++;
            carry += rate;
            int count = (int) carry;
            carry -= count;
            if (count == 0) {
                return;
            }
            for (String url : queueUrls.get()) {
                for (int sent = 0; sent < count; sent += 10) {
                    int batch = Math.min(10, count - sent);
                    List<SendMessageBatchRequestEntry> entries = java.util.stream.IntStream.range(0, batch)
                            .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i)
                                    .messageBody("{\"task\":\"demo\",\"second\":" + second + "}").build())
                            .toList();
                    sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.warn("load generator could not send: {}", e.toString());
            }
        }
    }
}
