package io.queueautoscaler.sim;

import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.policy.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs one algorithm over one workload, second by second on a virtual clock. After the trace ends
 * the run goes on until every message has been served, or for at most {@link #DRAIN_CAP_SECONDS}
 * more; then messages never started count as waiting until the end. Instances are charged from
 * launch to termination, or to the end of the run.
 */
public final class Simulation {
    static final int DRAIN_CAP_SECONDS = 3600;
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private final TraceWorkload workload;
    private final Target target;
    private final int cloudWatchDelaySeconds;

    public Simulation(TraceWorkload workload, Target target) {
        this(workload, target, CloudWatchMetrics.DEFAULT_DELAY_SECONDS);
    }

    Simulation(TraceWorkload workload, Target target, int cloudWatchDelaySeconds) {
        this.workload = workload;
        this.target = target;
        this.cloudWatchDelaySeconds = cloudWatchDelaySeconds;
    }

    TraceWorkload workload() {
        return workload;
    }

    Target target() {
        return target;
    }

    public RunResult run(Algorithm algorithm) {
        Cluster cluster = new Cluster(workload);
        SimFleet fleet = new SimFleet(target, cluster, workload.scenario().fleet().initialCapacity());
        CloudWatchMetrics cloudWatch = new CloudWatchMetrics(cloudWatchDelaySeconds);
        VirtualClock clock = new VirtualClock();
        Autoscaler autoscaler = algorithm.start(new SimWorld(workload, cluster, fleet, cloudWatch, clock));
        int interval = autoscaler.intervalSeconds();
        if (interval < 1) {
            throw new IllegalArgumentException(algorithm.name() + " evaluates every " + interval + " s; it must be at least 1");
        }
        List<TimelineRow> timeline = new ArrayList<>();
        int actions = 0;
        int directionChanges = 0;
        int lastDirection = 0;
        int peak = fleet.desired();
        long traceEnd = workload.traceSeconds();
        long second = 0;
        while (true) {
            cluster.advanceTo(second);
            cloudWatch.observe(second, cluster);
            if (second % interval == 0) {
                int before = fleet.desired();
                autoscaler.evaluate(second);
                int after = fleet.desired();
                if (after != before) {
                    actions++;
                    int direction = Integer.signum(after - before);
                    if (lastDirection != 0 && direction != lastDirection) {
                        directionChanges++;
                    }
                    lastDirection = direction;
                    peak = Math.max(peak, after);
                }
                timeline.add(row(second, fleet, cluster));
            }
            if (second >= traceEnd && cluster.drained() || second >= traceEnd + DRAIN_CAP_SECONDS) {
                break;
            }
            second++;
            clock.advance(ONE_SECOND);
        }
        Cluster.Totals totals = cluster.finish(second);
        Summary summary = summarize(algorithm.name(), totals, actions, directionChanges, peak);
        return new RunResult(summary, timeline, maxWaitByArrivalMinute(totals));
    }

    private static TimelineRow row(long second, SimFleet fleet, Cluster cluster) {
        long[] backlog = new long[cluster.queues()];
        for (int q = 0; q < backlog.length; q++) {
            backlog[q] = cluster.visible(q);
        }
        return new TimelineRow(second, fleet.desired(), cluster.serving(), cluster.busySlots(), backlog);
    }

    private Summary summarize(String name, Cluster.Totals totals, int actions, int directionChanges, int peak) {
        long messages = workload.messages();
        double[] all = new double[(int) messages];
        long violations = 0;
        int n = 0;
        for (int q = 0; q < workload.queues(); q++) {
            int slo = workload.maxWaitSeconds(q);
            for (double wait : totals.waits()[q]) {
                all[n++] = wait;
                if (wait > slo) {
                    violations++;
                }
            }
        }
        int concurrency = workload.scenario().fleet().concurrencyPerInstance();
        double utilization = totals.instanceSeconds() == 0 ? 0
                : totals.busySlotSeconds() / (totals.instanceSeconds() * concurrency);
        return new Summary(workload.scenario().name(), name, messages, totals.processed(), WaitPercentiles.of(all),
                messages == 0 ? 0 : (double) violations / messages, totals.instanceSeconds(), totals.busySlotSeconds(),
                utilization, actions, directionChanges, peak, Optional.empty());
    }

    private double[] maxWaitByArrivalMinute(Cluster.Totals totals) {
        double[] byMinute = new double[(workload.traceSeconds() + 59) / 60];
        for (int q = 0; q < workload.queues(); q++) {
            double[] arrivals = workload.arrivalTimes(q);
            double[] waits = totals.waits()[q];
            for (int m = 0; m < arrivals.length; m++) {
                int minute = (int) (arrivals[m] / 60);
                byMinute[minute] = Math.max(byMinute[minute], waits[m]);
            }
        }
        return Arrays.copyOf(byMinute, byMinute.length);
    }
}
