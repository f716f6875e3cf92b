package io.queueautoscaler.metrics;

import io.queueautoscaler.aws.AwsError;
import io.queueautoscaler.recommend.QueueDepth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MessageData;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Queue depth from CloudWatch's AWS/SQS metrics, for accounts that may read CloudWatch but not
 * the queues themselves. The metrics are one-minute and lag by a few minutes, so each queue gets the most recent datapoint
 * of a window ending now; every queue of one read goes into as few GetMetricData calls as the
 * 500-query limit allows.
 */
public final class CloudWatchQueueMetrics implements QueueMetrics {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    static final int MAX_QUERIES_PER_CALL = 500;

    private final CloudWatchClient cloudWatch;
    private final Clock clock;
    private final Duration window;

    public CloudWatchQueueMetrics(CloudWatchClient cloudWatch, Clock clock) {
        this(cloudWatch, clock, DEFAULT_WINDOW);
    }

    /** @param window how far back to look for the latest datapoint; at least two minutes, as SQS publishes late */
    public CloudWatchQueueMetrics(CloudWatchClient cloudWatch, Clock clock, Duration window) {
        this.cloudWatch = Objects.requireNonNull(cloudWatch, "cloudWatch");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (window.compareTo(Duration.ofMinutes(2)) < 0 || window.compareTo(Duration.ofHours(3)) > 0) {
            throw new IllegalArgumentException("window must be between 2 minutes and 3 hours, was " + window);
        }
        this.window = window;
    }

    @Override
    public Map<String, QueueDepth> read(List<String> queueUrls) {
        List<String> urls = List.copyOf(new LinkedHashSet<>(queueUrls));
        List<SqsMetricQuery> queries = SqsMetricQuery.forQueues(urls);
        // Whole minutes, as CloudWatch answers fastest for aligned windows; the end is the next
        // minute so that the minute under way counts once SQS has published it.
        Instant end = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant start = end.minus(window);

        Map<String, Datapoint> latest = new HashMap<>();
        List<String> notes = new ArrayList<>();
        for (int from = 0; from < queries.size(); from += MAX_QUERIES_PER_CALL) {
            List<SqsMetricQuery> chunk = queries.subList(from, Math.min(queries.size(), from + MAX_QUERIES_PER_CALL));
            fetch(chunk, start, end, latest, notes);
        }

        Map<String, QueueDepth> depths = new LinkedHashMap<>();
        for (String url : urls) {
            depths.put(url, depth(url, queries, latest, start, end, notes));
        }
        return depths;
    }

    private void fetch(List<SqsMetricQuery> chunk, Instant start, Instant end,
                       Map<String, Datapoint> latest, List<String> notes) {
        List<MetricDataQuery> metricQueries = chunk.stream().map(SqsMetricQuery::toSdk).toList();
        String nextToken = null;
        do {
            GetMetricDataRequest request = GetMetricDataRequest.builder()
                    .metricDataQueries(metricQueries)
                    .startTime(start)
                    .endTime(end)
                    .scanBy(ScanBy.TIMESTAMP_DESCENDING)
                    .nextToken(nextToken)
                    .build();
            GetMetricDataResponse response;
            try {
                response = cloudWatch.getMetricData(request);
            } catch (SdkException e) {
                throw new MetricsUnavailableException("cannot read the depth of queues "
                        + chunk.stream().map(SqsMetricQuery::queueUrl).distinct().toList()
                        + " from CloudWatch: " + AwsError.of(e), e);
            }
            for (MetricDataResult result : response.metricDataResults()) {
                keepLatest(result, latest);
                result.messages().forEach(message -> notes.add(result.id() + ": " + text(message)));
            }
            response.messages().forEach(message -> notes.add(text(message)));
            nextToken = response.nextToken();
        } while (nextToken != null && !nextToken.isEmpty());
    }

    /** Results of one query may come over several pages, in any order: keep the newest datapoint. */
    private static void keepLatest(MetricDataResult result, Map<String, Datapoint> latest) {
        int n = Math.min(result.timestamps().size(), result.values().size());
        for (int i = 0; i < n; i++) {
            Datapoint candidate = new Datapoint(result.timestamps().get(i), result.values().get(i));
            latest.merge(result.id(), candidate, (a, b) -> b.at().isAfter(a.at()) ? b : a);
        }
    }

    private static QueueDepth depth(String url, List<SqsMetricQuery> queries, Map<String, Datapoint> latest,
                                    Instant start, Instant end, List<String> notes) {
        Map<SqsMetric, Double> values = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (SqsMetricQuery query : queries) {
            if (query.queueUrl().equals(url)) {
                Datapoint point = latest.get(query.id());
                if (point == null) {
                    missing.add(query.metric().metricName());
                } else {
                    values.put(query.metric(), point.value());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new MetricsUnavailableException("CloudWatch has no AWS/SQS datapoint of " + missing
                    + " for queue " + url + " between " + start + " and " + end
                    + "; check the queue's name and region (SQS publishes metrics only for queues active"
                    + " in the last six hours)" + (notes.isEmpty() ? "" : "; CloudWatch said " + notes));
        }
        return new QueueDepth(
                url,
                count(url, SqsMetric.VISIBLE, values),
                count(url, SqsMetric.IN_FLIGHT, values),
                count(url, SqsMetric.DELAYED, values));
    }

    private static long count(String url, SqsMetric metric, Map<SqsMetric, Double> values) {
        double value = values.get(metric);
        if (!(value >= 0)) {
            throw new MetricsUnavailableException(
                    "CloudWatch reported " + metric.metricName() + "=" + value + " for queue " + url + ", not a count");
        }
        return Math.round(value);
    }

    private static String text(MessageData message) {
        return message.code() + " " + message.value();
    }

    private record Datapoint(Instant at, double value) {
    }
}
