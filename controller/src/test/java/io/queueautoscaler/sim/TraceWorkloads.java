package io.queueautoscaler.sim;

import io.queueautoscaler.policy.Target;
import java.util.ArrayList;
import java.util.List;

/** Small hand-made workloads and a group to run them on. */
public final class TraceWorkloads {
    public static final Target GROUP = new Target("workers", 0, 20);

    private TraceWorkloads() {
    }

    /** Every queue with the same service time and SLO; arrivals per second, one array per queue. */
    public static TraceWorkload of(int initialCapacity, int bootSeconds, int concurrency, ServiceTime service, int maxWaitSeconds,
                            int[]... arrivalsPerQueue) {
        List<ScenarioQueue> queues = new ArrayList<>();
        for (int q = 0; q < arrivalsPerQueue.length; q++) {
            queues.add(new ScenarioQueue("queue-" + q + ".csv", service, maxWaitSeconds));
        }
        Scenario scenario = new Scenario("test", queues, new FleetSpec(initialCapacity, bootSeconds, concurrency), 7);
        return TraceWorkload.of(scenario, arrivalsPerQueue);
    }

    /** {@code seconds} seconds of traffic, {@code perSecond} messages each. */
    public static int[] steady(int seconds, int perSecond) {
        int[] arrivals = new int[seconds];
        java.util.Arrays.fill(arrivals, perSecond);
        return arrivals;
    }

    /** A trace {@code seconds} long with {@code count} messages in second {@code at} and none otherwise. */
    public static int[] burst(int seconds, int at, int count) {
        int[] arrivals = new int[seconds];
        arrivals[at] = count;
        return arrivals;
    }
}
