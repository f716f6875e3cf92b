package io.queueautoscaler.metrics;

/** The AWS/SQS CloudWatch metrics a queue depth is made of, with the short names used in query ids. */
enum SqsMetric {
    VISIBLE("ApproximateNumberOfMessagesVisible", "visible"),
    IN_FLIGHT("ApproximateNumberOfMessagesNotVisible", "inflight"),
    DELAYED("ApproximateNumberOfMessagesDelayed", "delayed");

    private final String metricName;
    private final String idSuffix;

    SqsMetric(String metricName, String idSuffix) {
        this.metricName = metricName;
        this.idSuffix = idSuffix;
    }

    String metricName() {
        return metricName;
    }

    String idSuffix() {
        return idSuffix;
    }
}
