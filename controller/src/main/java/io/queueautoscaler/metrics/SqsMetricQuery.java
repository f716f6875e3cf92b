package io.queueautoscaler.metrics;

import io.queueautoscaler.policy.QueueSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * One GetMetricData query: one AWS/SQS metric of one queue. Ids are {@code q<index>_<metric>},
 * since CloudWatch wants ids that start with a lower-case letter and hold only letters, digits and
 * underscores, which queue names do not guarantee.
 */
record SqsMetricQuery(String id, String queueUrl, SqsMetric metric) {

    static final String NAMESPACE = "AWS/SQS";
    static final int PERIOD_SECONDS = 60;

    SqsMetricQuery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queueUrl, "queueUrl");
        Objects.requireNonNull(metric, "metric");
    }

    static List<SqsMetricQuery> forQueues(List<String> queueUrls) {
        List<SqsMetricQuery> queries = new ArrayList<>();
        for (int i = 0; i < queueUrls.size(); i++) {
            for (SqsMetric metric : SqsMetric.values()) {
                queries.add(new SqsMetricQuery("q" + i + "_" + metric.idSuffix(), queueUrls.get(i), metric));
            }
        }
        return queries;
    }

    /** The queue's name, the dimension CloudWatch files SQS metrics under: the URL's last path segment. */
    MetricDataQuery toSdk() {
        return MetricDataQuery.builder()
                .id(id)
                .returnData(true)
                .metricStat(MetricStat.builder()
                        .metric(Metric.builder()
                                .namespace(NAMESPACE)
                                .metricName(metric.metricName())
                                .dimensions(Dimension.builder().name("QueueName").value(QueueSpec.nameOf(queueUrl)).build())
                                .build())
                        .period(PERIOD_SECONDS)
                        .stat(metric.statistic())
                        .build())
                .build();
    }
}
