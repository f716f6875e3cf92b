package io.queueautoscaler.metrics;

/**
 * The AWS/SQS CloudWatch metrics a queue depth is made of, with the short names used in query ids
 * and the statistic asked for each minute: the largest count, since when in doubt the backlog is
 * the larger one, and the sum of the messages deleted.
 */
enum SqsMetric {
    VISIBLE("ApproximateNumberOfMessagesVisible", "visible", "Maximum"),
    IN_FLIGHT("ApproximateNumberOfMessagesNotVisible", "inflight", "Maximum"),
    DELAYED("ApproximateNumberOfMessagesDelayed", "delayed", "Maximum"),
    DELETED("NumberOfMessagesDeleted", "deleted", "Sum");

    private final String metricName;
    private final String idSuffix;
    private final String statistic;

    SqsMetric(String metricName, String idSuffix, String statistic) {
        this.metricName = metricName;
        this.idSuffix = idSuffix;
        this.statistic = statistic;
    }

    String statistic() {
        return statistic;
    }

    String metricName() {
        return metricName;
    }

    String idSuffix() {
        return idSuffix;
    }
}
