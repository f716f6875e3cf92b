package io.queueautoscaler.sim.baseline;

import io.queueautoscaler.sim.Algorithm;
import io.queueautoscaler.sim.Autoscaler;
import io.queueautoscaler.sim.SimFleet;
import io.queueautoscaler.sim.SimWorld;
import java.util.List;

/**
 * AWS's classic recipe: CloudWatch alarms on the queues' ApproximateNumberOfMessagesVisible
 * (AWS/SQS, 1-minute period, Average) invoking step adjustments, with the group's default
 * cooldown.
 *
 * <p>Modelled from the Amazon EC2 Auto Scaling User Guide, "Step and simple scaling policies":
 * <ul>
 * <li>alarms as in its CLI example: AddCapacity when the metric is >= threshold and RemoveCapacity
 *     when <= the lower threshold, each "for at least two consecutive evaluation periods" (the
 *     example's 60 and 40 percent: the lower threshold is 2/3 of the upper); periods of one minute,
 *     the finest SQS publishes;</li>
 * <li>scale-out steps as in its example: +10, +20 and +30 percent of the group for breaches of
 *     [0, 1), [1, 2) and [2, inf) thresholds above the threshold, "MinAdjustmentMagnitude 1"
 *     (a fraction between 0 and 1 rounds to 1, larger ones round down); scale-in removes 2
 *     instances ("ChangeInCapacity -2");</li>
 * <li>"Cooldowns": after a scaling activity the group "waits for the cooldown period to complete
 *     before resuming scaling activities", default 300 seconds, counted from when the activity
 *     completes (launched instances in service);</li>
 * <li>CloudWatch invokes an Auto Scaling action once per period while the alarm stays in ALARM, so
 *     a breach that outlives the cooldown acts again.</li>
 * </ul>
 * The threshold is the knob: documented as the backlog one instance clears within the SLO, per
 * "Scaling policy based on Amazon SQS" (acceptable latency / average time an instance takes per
 * message).
 */
final class AwsStepScaling implements Algorithm {
    static final String NAME = "aws-step";
    static final int PERIOD_SECONDS = 60;
    static final int EVALUATION_PERIODS = 2;
    static final int COOLDOWN_SECONDS = 300;
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
        int bootSeconds = world.workload().scenario().fleet().bootSeconds();
        return new Autoscaler() {
            private long cooldownUntil = Long.MIN_VALUE;

            @Override
            public int intervalSeconds() {
                return PERIOD_SECONDS;
            }

            @Override
            public void evaluate(long second) {
                if (second < cooldownUntil) {
                    return;
                }
                List<Double> visible = world.cloudWatch().latest(second, EVALUATION_PERIODS).stream()
                        .map(p -> (double) p.totalVisible()).toList();
                SimFleet fleet = world.fleet();
                int desired = fleet.desired();
                if (high.inAlarm(visible)) {
                    double breach = visible.get(visible.size() - 1) - threshold;
                    fleet.scaleTo(desired + scaleOutAdjustment(desired, breach));
                    if (fleet.desired() != desired) {
                        cooldownUntil = second + bootSeconds + COOLDOWN_SECONDS;
                    }
                } else if (low.inAlarm(visible)) {
                    fleet.scaleTo(desired - SCALE_IN_STEP);
                    if (fleet.desired() != desired) {
                        cooldownUntil = second + COOLDOWN_SECONDS;
                    }
                }
            }
        };
    }

    /** PercentChangeInCapacity with AWS's rounding and MinAdjustmentMagnitude 1. */
    int scaleOutAdjustment(int capacity, double breach) {
        int percent = breach < threshold ? 10 : breach < 2 * threshold ? 20 : 30;
        return Math.max(1, (int) Math.floor(capacity * percent / 100.0));
    }
}
