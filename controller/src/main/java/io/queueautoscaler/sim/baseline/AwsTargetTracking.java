package io.queueautoscaler.sim.baseline;

import io.queueautoscaler.sim.Algorithm;
import io.queueautoscaler.sim.Autoscaler;
import io.queueautoscaler.sim.CloudWatchMetrics;
import io.queueautoscaler.sim.Cluster;
import io.queueautoscaler.sim.SimFleet;
import io.queueautoscaler.sim.SimWorld;
import java.util.BitSet;
import java.util.List;

/**
 * AWS target tracking on backlog per instance, as the Amazon EC2 Auto Scaling User Guide
 * recommends for SQS ("Scaling policy based on Amazon SQS"): the metric is the queues'
 * ApproximateNumberOfMessagesVisible divided by the group's InService instances (metric math on
 * two 1-minute metrics; no datapoint while no instance is in service), and the target is the
 * acceptable backlog per instance = acceptable latency / average time an instance takes per
 * message. An instance serving concurrencyPerInstance messages at once takes mean / concurrency
 * per message, so target = maxWaitSeconds * concurrencyPerInstance / mean service time.
 *
 * <p>Behaviour modelled, per "Target tracking scaling policies":
 * <ul>
 * <li>the policy's two alarms: scale out when the metric is above the target for 3 of 3 one-minute
 *     datapoints, scale in when below it for 15 of 15 (AWS documents the datapoint counts, not the
 *     low alarm's threshold; consoles show 70 to 90 percent of the target, 90 is used here);</li>
 * <li>"scales out proportionally to the metric as fast as it can": new capacity =
 *     ceil(current capacity * metric / target), rounding up when adding and when removing
 *     (so it removes fewer), acting each minute the alarm stays in ALARM;</li>
 * <li>instance warmup (default: the group's default cooldown, 300 s): "while scaling out, we do not
 *     consider instances that are warming up as part of the current capacity", and the capacity
 *     only grows when the new number exceeds desired, which counts them;</li>
 * <li>"a scale-in activity can't start while a scale-out activity is in progress" (an instance
 *     still booting), and scale-in counts terminating instances as capacity;</li>
 * <li>the minimum is at least one instance: with none in service the metric has no datapoint and
 *     the policy could never scale out of zero.</li>
 * </ul>
 */
final class AwsTargetTracking implements Algorithm {
    static final String NAME = "aws-target-tracking";
    static final int PERIOD_SECONDS = 60;
    static final int SCALE_OUT_DATAPOINTS = 3;
    static final int SCALE_IN_DATAPOINTS = 15;
    static final double SCALE_IN_THRESHOLD = 0.9;
    static final int WARMUP_SECONDS = 300;

    private final double targetBacklogPerInstance;

    AwsTargetTracking(double targetBacklogPerInstance) {
        if (!(targetBacklogPerInstance > 0)) {
            throw new IllegalArgumentException("targetBacklogPerInstance must be above 0: " + targetBacklogPerInstance);
        }
        this.targetBacklogPerInstance = targetBacklogPerInstance;
    }

    double targetBacklogPerInstance() {
        return targetBacklogPerInstance;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Autoscaler start(SimWorld world) {
        double target = targetBacklogPerInstance;
        Alarm high = new Alarm(target, Alarm.Comparison.GREATER_THAN, SCALE_OUT_DATAPOINTS, SCALE_OUT_DATAPOINTS);
        Alarm low = new Alarm(target * SCALE_IN_THRESHOLD, Alarm.Comparison.LESS_THAN, SCALE_IN_DATAPOINTS, SCALE_IN_DATAPOINTS);
        return Autoscaler.every(PERIOD_SECONDS, second -> {
            List<CloudWatchMetrics.Datapoint> points = world.cloudWatch().latest(second, SCALE_IN_DATAPOINTS);
            if (points.isEmpty()) {
                return;
            }
            List<Double> metric = points.stream().map(AwsTargetTracking::backlogPerInstance).toList();
            double latest = metric.get(metric.size() - 1);
            SimFleet fleet = world.fleet();
            if (high.inAlarm(metric)) {
                int capacity = (int) Math.ceil(warmInstances(world.cluster()) * latest / target);
                if (capacity > fleet.desired()) {
                    fleet.scaleTo(capacity);
                }
            } else if (low.inAlarm(metric) && world.cluster().booting() == 0 && !Double.isNaN(latest)) {
                int capacity = (int) Math.ceil(points.get(points.size() - 1).inService() * latest / target);
                if (capacity < fleet.desired()) {
                    fleet.scaleTo(capacity);
                }
            }
        });
    }

    private static double backlogPerInstance(CloudWatchMetrics.Datapoint point) {
        return point.inService() == 0 ? Double.NaN : (double) point.totalVisible() / point.inService();
    }

    private static int warmInstances(Cluster cluster) {
        int warm = 0;
        BitSet alive = cluster.alive();
        for (int i = alive.nextSetBit(0); i >= 0; i = alive.nextSetBit(i + 1)) {
            if (cluster.inServiceSince(i, WARMUP_SECONDS)) {
                warm++;
            }
        }
        return warm;
    }
}
