package io.queueautoscaler.local;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;

/**
 * What the local fleet did, on the admin port's /metrics. {@code terminatedWhileProtected}
 * counts instances removed while a worker was inside a task it began under protection: it must
 * stay zero, since neither Auto Scaling nor the daemon may take a protected instance.
 * {@code slotSeconds} times each message from its receipt to its deletion, the time it holds a
 * worker slot: concurrencyPerInstance over its mean is what a busy instance really does.
 */
record LocalFleetMetrics(Counter launched, Counter terminated, Counter terminatedWhileProtected,
                         Counter protectedTasks, Counter unprotectedTasks, Timer slotSeconds) {

    static LocalFleetMetrics of(MetricRegistry registry) {
        return new LocalFleetMetrics(
                registry.counter("local-fleet.launched"),
                registry.counter("local-fleet.terminated"),
                registry.counter("local-fleet.terminated-while-protected"),
                registry.counter("local-fleet.protected-tasks"),
                registry.counter("local-fleet.unprotected-tasks"),
                registry.timer("local-fleet.slot-time"));
    }
}
