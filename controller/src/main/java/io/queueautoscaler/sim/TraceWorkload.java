package io.queueautoscaler.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Every message a scenario will send, drawn once: per queue, arrival times (the trace's count for
 * each second spread evenly within that second, the first at the second's start) and service
 * times. Every algorithm run replays the same workload, so the same message costs the same
 * everywhere and comparisons are fair.
 */
public final class TraceWorkload {
    private final Scenario scenario;
    private final List<int[]> arrivalsPerSecond;
    private final double[][] arrivalTimes;
    private final double[][] serviceTimes;
    private final int traceSeconds;

    public TraceWorkload(Scenario scenario, List<int[]> arrivalsPerSecond) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        if (arrivalsPerSecond.size() != scenario.queues().size()) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " has " + scenario.queues().size()
                    + " queue(s) but " + arrivalsPerSecond.size() + " trace(s)");
        }
        this.arrivalsPerSecond = arrivalsPerSecond.stream().map(int[]::clone).toList();
        int queues = arrivalsPerSecond.size();
        this.arrivalTimes = new double[queues][];
        this.serviceTimes = new double[queues][];
        SplittableRandom root = new SplittableRandom(scenario.seed());
        int longest = 0;
        for (int q = 0; q < queues; q++) {
            int[] perSecond = this.arrivalsPerSecond.get(q);
            longest = Math.max(longest, perSecond.length);
            DoubleSupplier service = scenario.queues().get(q).serviceSeconds().sampler(root.split());
            draw(q, perSecond, service);
        }
        this.traceSeconds = longest;
    }

    private void draw(int queue, int[] perSecond, DoubleSupplier service) {
        long total = 0;
        for (int count : perSecond) {
            if (count < 0) {
                throw new IllegalArgumentException("arrivals cannot be negative in scenario " + scenario.name());
            }
            total += count;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("queue " + queue + " of scenario " + scenario.name()
                    + " sends " + total + " messages, more than one run can hold");
        }
        double[] arrivals = new double[(int) total];
        double[] services = new double[(int) total];
        int m = 0;
        for (int second = 0; second < perSecond.length; second++) {
            int count = perSecond[second];
            for (int k = 0; k < count; k++) {
                arrivals[m] = second + (double) k / count;
                services[m] = service.getAsDouble();
                m++;
            }
        }
        arrivalTimes[queue] = arrivals;
        serviceTimes[queue] = services;
    }

    /** Builds a workload from per-second arrival counts, for tests and scripted scenarios. */
    public static TraceWorkload of(Scenario scenario, int[]... arrivalsPerSecond) {
        return new TraceWorkload(scenario, new ArrayList<>(List.of(arrivalsPerSecond)));
    }

    public Scenario scenario() {
        return scenario;
    }

    public int queues() {
        return arrivalTimes.length;
    }

    /** Seconds covered by the longest trace. */
    public int traceSeconds() {
        return traceSeconds;
    }

    public int[] arrivalsPerSecond(int queue) {
        return arrivalsPerSecond.get(queue).clone();
    }

    public long messages() {
        long total = 0;
        for (double[] queue : arrivalTimes) {
            total += queue.length;
        }
        return total;
    }

    double[] arrivalTimes(int queue) {
        return arrivalTimes[queue];
    }

    double[] serviceTimes(int queue) {
        return serviceTimes[queue];
    }

    public int maxWaitSeconds(int queue) {
        return scenario.queues().get(queue).maxWaitSeconds();
    }

    /** Mean service time of a queue as the scenario declares it (what the baselines are told). */
    public double meanServiceSeconds(int queue) {
        return scenario.queues().get(queue).serviceSeconds().mean();
    }
}
