package io.queueautoscaler.sim.baseline;

import io.queueautoscaler.sim.Algorithm;
import io.queueautoscaler.sim.Autoscaler;
import io.queueautoscaler.sim.SimFleet;
import io.queueautoscaler.sim.SimWorld;
import java.util.List;

/**
 * AWS's classic recipe: CloudWatch alarms on the queues' ApproximateNumberOfMessagesVisible
 * (AWS/SQS, 1-minute period, Average) invoking step scaling policies, with instance warmup.
 *
 * <p>Modelled from the Amazon EC2 Auto Scaling User Guide:
 * <ul>
 * <li>"Step and simple scaling policies" (as-scaling-simple-step.html), alarms as in its CLI
 *     example: AddCapacity when the metric is >= the threshold and RemoveCapacity when <= the lower
 *     threshold, each "for at least two consecutive evaluation periods" (the example's 60 and 40
 *     percent: the lower threshold is 2/3 of the upper); periods of one minute, the finest SQS
 *     publishes;</li>
 * <li>scale-out steps as in its example: +10, +20 and +30 percent of the group for breaches of
 *     [0, 1), [1, 2) and [2, inf) thresholds above the threshold, "MinAdjustmentMagnitude 1"
 *     (a fraction between 0 and 1 rounds to 1, larger ones round down); scale-in removes 2
 *     instances ("ChangeInCapacity -2");</li>
 * <li>no cooldown: "with step scaling, the policy continues to respond to additional alarms, even
 *     while a scaling activity or health check replacement is in progress" ("Simple scaling
 *     policies", simple-scaling-policies.html, which keeps the cooldown for simple scaling only and
 *     recommends step scaling "even if you have only a single scaling adjustment"); CloudWatch
 *     invokes the policy once per period while the alarm stays in ALARM;</li>
 * <li>instance warmup instead ("Instance warmup" in the step scaling page, and "Set the default
 *     instance warmup for an Auto Scaling group", ec2-auto-scaling-default-instance-warmup.html):
 *     while scaling out, instances still warming up do not count as current capacity, so the step
 *     is a percentage of the warm instances, and the group grows only to the larger of its desired
 *     capacity and warm capacity plus the step ("the desired capacity of the group is already 11
 *     instances, so we add only 2 instances"); while scaling in, terminating instances still count,
 *     so a step is taken from the desired capacity; and "while a scale-out activity is in progress,
 *     all target tracking and step scaling scale-in activities are blocked until the instances finish
 *     warming up" ("Scaling cooldowns for Amazon EC2 Auto Scaling", ec2-auto-scaling-scaling-cooldowns.html).
 *     AWS strongly recommends setting the warmup to
 *     the time an instance needs before it serves; here that is the scenario's boot time, so an
 *     instance warms up exactly while it boots.</li>
 * </ul>
 * The threshold is the knob: documented as the backlog one instance clears within the SLO, per
 * "Scaling policy based on Amazon SQS" (acceptable latency / average time an instance takes per
 * message).
 */
final class AwsStepScaling implements Algorithm {
    static final String NAME = "aws-step";
    static final int PERIOD_SECONDS = 60;
    static final int EVALUATION_PERIODS = 2;
    static final double LOW_TO_HIGH = 40.0 / 60.0;
    static final int SCALE_IN_STEP = 2;

    private final double threshold;

    AwsStepScaling(double threshold) {
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("the alarm threshold must be above 0: " + threshold);
        }
        this.threshold = threshold;
    }

    double threshold() {
        return threshold;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Autoscaler start(SimWorld world) {
        Alarm high = new Alarm(threshold, Alarm.Comparison.GREATER_THAN_OR_EQUAL, EVALUATION_PERIODS, EVALUATION_PERIODS);
        Alarm low = new Alarm(threshold * LOW_TO_HIGH, Alarm.Comparison.LESS_THAN_OR_EQUAL, EVALUATION_PERIODS, EVALUATION_PERIODS);
        return Autoscaler.every(PERIOD_SECONDS, second -> {
            List<Double> visible = world.cloudWatch().latest(second, EVALUATION_PERIODS).stream()
                    .map(p -> (double) p.totalVisible()).toList();
            SimFleet fleet = world.fleet();
            int desired = fleet.desired();
            if (high.inAlarm(visible)) {
                double breach = visible.get(visible.size() - 1) - threshold;
                int warm = Math.max(0, desired - world.cluster().booting());
                fleet.scaleTo(Math.max(desired, warm + scaleOutAdjustment(warm, breach)));
            } else if (low.inAlarm(visible) && world.cluster().booting() == 0) {
                fleet.scaleTo(desired - SCALE_IN_STEP);
            }
        });
    }

    /** PercentChangeInCapacity with AWS's rounding and MinAdjustmentMagnitude 1. */
    int scaleOutAdjustment(int capacity, double breach) {
        int percent = breach < threshold ? 10 : breach < 2 * threshold ? 20 : 30;
        return Math.max(1, (int) Math.floor(capacity * percent / 100.0));
    }
}
