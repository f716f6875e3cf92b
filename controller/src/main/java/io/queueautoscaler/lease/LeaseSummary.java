package io.queueautoscaler.lease;

import io.dropwizard.lifecycle.Managed;
import io.queueautoscaler.lease.LeaseRefusedException.Refusal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What workers did with their leases on this node, one log line per period instead of one
 * access-log line per call: a fleet renews every few seconds per task, and those lines would
 * bury everything else. Nothing is written for a period in which nothing happened; the last
 * period's line is written at stop.
 */
public final class LeaseSummary {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseSummary.class);

    private final LongAdder taken = new LongAdder();
    private final LongAdder renewed = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder protectedInstances = new LongAdder();
    private final LongAdder lifted = new LongAdder();
    private final Map<Refusal, LongAdder> refused = new EnumMap<>(Refusal.class);
    LeaseSummary() {
        for (Refusal refusal : Refusal.values()) {
            refused.put(refusal, new LongAdder());
        }
    }

    void taken() {
        taken.increment();
    }

    void renewed(long count) {
        renewed.add(count);
    }

    void released() {
        released.increment();
    }

    void expired(long count) {
        expired.add(count);
    }

    void protectionSet(long instances, long liftedInstances) {
        protectedInstances.add(instances);
        lifted.add(liftedInstances);
    }

    /** A lease request answered with a refusal (the API's 4xx and 503 of the lease endpoints). */
    public void refused(Refusal refusal) {
        refused.get(refusal).increment();
    }

    /** Writes a line every {@code period} while managed, and the line of the last (partial) period at stop. */
    public Managed every(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the lease summary period must be above zero, was " + period);
        }
        return new Managed() {
            private ScheduledExecutorService thread;
            /** When the period under way began, for the last line's true length. */
            private volatile long periodStart;

            @Override
            public void start() {
                thread = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "lease-summary");
                    t.setDaemon(true);
                    return t;
                });
                periodStart = System.nanoTime();
                thread.scheduleAtFixedRate(() -> {
                    periodStart = System.nanoTime();
                    log(period);
                }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public void stop() {
                if (thread != null) {
                    thread.shutdownNow();
                    thread = null;
                    log(Duration.ofNanos(System.nanoTime() - periodStart));
                }
            }
        };
    }

    /** Writes the line of the period just ended, if anything happened in it; returns it, or null. */
    synchronized String log(Duration period) {
        long takes = taken.sumThenReset();
        long renewals = renewed.sumThenReset();
        long releases = released.sumThenReset();
        long expiries = expired.sumThenReset();
        long protections = protectedInstances.sumThenReset();
        long lifts = lifted.sumThenReset();
        StringJoiner refusals = new StringJoiner(", ", " (", ")").setEmptyValue("");
        long refusalCount = 0;
        for (Map.Entry<Refusal, LongAdder> e : refused.entrySet()) {
            long n = e.getValue().sumThenReset();
            if (n > 0) {
                refusals.add(n + " " + e.getKey().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
                refusalCount += n;
            }
        }
        if (takes + renewals + releases + expiries + protections + lifts + refusalCount == 0) {
            return null;
        }
        String line = String.format("leases in the last %d s: %d taken, %d renewed, %d released, %d expired, "
                        + "%d refused%s; protection set on instances %d time%s, lifted %d time%s",
                Math.max(1, Math.round(period.toMillis() / 1000.0)), takes, renewals, releases, expiries, refusalCount,
                refusals, protections, protections == 1 ? "" : "s", lifts, lifts == 1 ? "" : "s");
        LOG.info(line);
        return line;
    }
}
