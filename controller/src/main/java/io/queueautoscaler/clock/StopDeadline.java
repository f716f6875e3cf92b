package io.queueautoscaler.clock;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time the daemon's stop may take, shared by the parts that stop one after another. It starts
 * when the server begins to stop (SIGTERM, Dropwizard's shutdown hook); each part asks how long it
 * may still wait, keeping a reserve for the parts stopped after it. So the whole stop ends in time
 * however long AWS takes to answer: a Kubernetes pod is killed 30 s after SIGTERM.
 *
 * <p>Managed before every other part, it is stopped after them and says how long the stop took.
 */
public final class StopDeadline implements LifeCycle.Listener, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(StopDeadline.class);

    private final Duration total;
    private final LongSupplier nanoTime;
    private long startedAt;
    private boolean started;

    public StopDeadline(Duration total) {
        this(total, System::nanoTime);
    }

    StopDeadline(Duration total, LongSupplier nanoTime) {
        if (total.isNegative() || total.isZero()) {
            throw new IllegalArgumentException("a stop needs some time, not " + total);
        }
        this.total = total;
        this.nanoTime = nanoTime;
    }

    /** Starts the deadline now, unless it has started already. */
    public synchronized void begin() {
        if (!started) {
            started = true;
            startedAt = nanoTime.getAsLong();
        }
    }

    /**
     * How long a part may still wait, keeping {@code reserve} for the parts stopped after it; zero
     * once that time is up. A part that stops before anything started the deadline starts it.
     */
    public synchronized Duration remaining(Duration reserve) {
        begin();
        Duration left = total.minus(elapsed()).minus(reserve);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private synchronized Duration elapsed() {
        return Duration.ofNanos(nanoTime.getAsLong() - startedAt);
    }

    /** A part's stop that ends within the time it is given. */
    @FunctionalInterface
    public interface BoundedStop {
        void stop(Duration within) throws Exception;
    }

    /**
     * {@code part} as Dropwizard manages it, except that its stop is given what is left of this
     * deadline less {@code reserve}, the time the parts stopped after it need.
     */
    public Managed bounding(Managed part, BoundedStop stop, Duration reserve) {
        return new Managed() {
            @Override
            public void start() throws Exception {
                part.start();
            }

            @Override
            public void stop() throws Exception {
                stop.stop(remaining(reserve));
            }
        };
    }

    @Override
    public void lifeCycleStopping(LifeCycle event) {
        begin();
        LOG.info("stopping: taking no new requests, no new evaluations; everything stops within {} s", total.toSeconds());
    }

    @Override
    public void start() {
        // the deadline starts when the server begins to stop
    }

    @Override
    public void stop() {
        begin();
        LOG.info("queue-autoscaler stopped in {} ms", elapsed().toMillis());
    }
}
