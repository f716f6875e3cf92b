package io.queueautoscaler.sim.baseline;

import java.util.List;
import java.util.Objects;

/**
 * A CloudWatch metric alarm: in ALARM when at least {@code datapointsToAlarm} of the newest
 * {@code evaluationPeriods} datapoints breach the threshold. A missing datapoint (NaN) does not
 * breach, CloudWatch's default "treat missing data as missing".
 */
record Alarm(double threshold, Comparison comparison, int datapointsToAlarm, int evaluationPeriods) {

    enum Comparison {
        GREATER_THAN_OR_EQUAL, GREATER_THAN, LESS_THAN, LESS_THAN_OR_EQUAL;

        boolean breaches(double value, double threshold) {
            return switch (this) {
                case GREATER_THAN_OR_EQUAL -> value >= threshold;
                case GREATER_THAN -> value > threshold;
                case LESS_THAN -> value < threshold;
                case LESS_THAN_OR_EQUAL -> value <= threshold;
            };
        }
    }

    Alarm {
        Objects.requireNonNull(comparison, "comparison");
        if (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
            throw new IllegalArgumentException("an alarm needs 1 <= datapointsToAlarm <= evaluationPeriods: "
                    + datapointsToAlarm + " of " + evaluationPeriods);
        }
    }

    /** Whether the alarm is in ALARM given datapoints oldest first; only the newest evaluationPeriods count. */
    boolean inAlarm(List<Double> datapoints) {
        int breaching = 0;
        for (int i = Math.max(0, datapoints.size() - evaluationPeriods); i < datapoints.size(); i++) {
            double value = datapoints.get(i);
            if (!Double.isNaN(value) && comparison.breaches(value, threshold)) {
                breaching++;
            }
        }
        return breaching >= datapointsToAlarm;
    }
}
