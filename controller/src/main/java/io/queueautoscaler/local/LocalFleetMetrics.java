package io.queueautoscaler.local;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingWindowReservoir;
import com.codahale.metrics.Timer;

/**
 * What the local fleet did, on the admin port's /metrics. {@code terminatedWhileProtected}
 * counts instances removed while a worker was inside a task it began under protection: it must
 * stay zero, since neither Auto Scaling nor the daemon may take a protected instance.
 * {@code local-fleet.slot-time.<group>} times each of the group's last {@link #RECENT_TASKS}
 * tasks from its message's receipt until its worker has looked for the next message:
 * concurrencyPerInstance over its mean is what a busy instance of the group has lately done.
 */
record LocalFleetMetrics(Counter launched, Counter terminated, Counter terminatedWhileProtected,
                         Counter protectedTasks, Counter unprotectedTasks, MetricRegistry registry) {

    static final String SLOT_TIME = "local-fleet.slot-time.";
    /** As many recent tasks as latency mode learns a rate from, so both speak of the same tasks. */
    static final int RECENT_TASKS = 2000;

    static LocalFleetMetrics of(MetricRegistry registry) {
        return new LocalFleetMetrics(
                registry.counter("local-fleet.launched"),
                registry.counter("local-fleet.terminated"),
                registry.counter("local-fleet.terminated-while-protected"),
                registry.counter("local-fleet.protected-tasks"),
                registry.counter("local-fleet.unprotected-tasks"),
                registry);
    }

    Timer slotTime(String group) {
        return registry.timer(SLOT_TIME + group, () -> new Timer(new SlidingWindowReservoir(RECENT_TASKS)));
    }
}
