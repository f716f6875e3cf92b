package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.OnMetricFailure;

/**
 * What to do without queue depths. Holding is the default and the rule: a scale-in needs
 * evidence, and a failed read is none. After afterFailures consecutive failures a policy that
 * sets fallbackCapacity goes there, in either direction: ops chose that number knowing the
 * metrics could fail, so it may scale in (without a fallback nothing ever does, and setting
 * hold: false does not change that). The first good observation ends it.
 */
final class MetricFailure {
    private MetricFailure() {
    }

    static Stage decide(OnMetricFailure rule, int current, int failures, String why) {
        String count = failures + " consecutive metric failure" + (failures == 1 ? "" : "s");
        if (rule.hasFallback() && failures >= rule.afterFailures()) {
            return new Stage("metricFailure", rule.fallbackCapacity(), Reason.METRICS_FAILED_FALLBACK,
                    count + ", fallbackCapacity " + rule.fallbackCapacity() + " after " + rule.afterFailures() + ": " + why);
        }
        String then = rule.hasFallback() ? " (fallbackCapacity " + rule.fallbackCapacity() + " after "
                + rule.afterFailures() + ")" : "";
        return new Stage("metricFailure", current, Reason.METRICS_FAILED_HOLD,
                count + ", holding " + current + then + ": " + why);
    }
}
