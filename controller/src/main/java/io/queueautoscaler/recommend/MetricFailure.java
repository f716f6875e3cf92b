package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.OnMetricFailure;
import java.util.OptionalInt;

/**
 * What to do without queue depths. Holding is the default and the rule: a scale-in needs
 * evidence, and a failed read is none. After afterFailures consecutive failures a policy that
 * sets fallbackCapacity goes there, in either direction: ops chose that number knowing the
 * metrics could fail, so it may scale in (without a fallback nothing ever does). The first good
 * observation ends it.
 */
final class MetricFailure {
    private MetricFailure() {
    }

    static Stage decide(OnMetricFailure rule, int current, int failures, String why) {
        String count = failures + " consecutive metric failure" + (failures == 1 ? "" : "s");
        OptionalInt fallback = rule.fallbackCapacity();
        if (fallback.isPresent() && failures >= rule.afterFailures()) {
            return new Stage("metricFailure", fallback.getAsInt(), Reason.METRICS_FAILED_FALLBACK,
                    count + ", moving to fallbackCapacity " + fallback.getAsInt() + " (from " + rule.afterFailures()
                            + " in a row): " + why);
        }
        String then = fallback.isPresent() ? " (fallbackCapacity " + fallback.getAsInt() + " from "
                + rule.afterFailures() + " in a row)" : "";
        return new Stage("metricFailure", current, Reason.METRICS_FAILED_HOLD,
                count + ", holding " + current + then + ": " + why);
    }
}
