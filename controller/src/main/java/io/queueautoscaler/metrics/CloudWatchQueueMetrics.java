package io.queueautoscaler.metrics;

import io.queueautoscaler.aws.AwsError;
import io.queueautoscaler.recommend.Deletions;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.recommend.SaturatedMinutes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
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
 * 500-query limit allows, a queue's queries always in the same call.
 *
 * <p>CloudWatch also counts the messages deleted each minute, which the SQS attributes cannot
 * tell: each queue's depth carries the deletions of the minutes of the last
 * {@link #DELETIONS_WINDOW} (see {@link #deletions}), from which latency mode learns the
 * workers' throughput. They are extra evidence: a queue without them is read all the same, with
 * none. The longer look back costs nothing more: GetMetricData is charged by the metric asked
 * for, not by the datapoint.
 */
public final class CloudWatchQueueMetrics implements QueueMetrics {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /**
     * How far back deletions are read: as long as latency mode keeps the busy slot-seconds they are
     * matched with, so that a minute CloudWatch publishes up to about 13 minutes late still counts.
     */
    static final Duration DELETIONS_WINDOW = SaturatedMinutes.SLOT_MEMORY;
    static final int MAX_QUERIES_PER_CALL = 500;
    static final int QUEUES_PER_CALL = MAX_QUERIES_PER_CALL / SqsMetric.values().length;
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final CloudWatchClient cloudWatch;
    private final Clock clock;
    private final Duration window;

    public CloudWatchQueueMetrics(CloudWatchClient cloudWatch, Clock clock) {
        this(cloudWatch, clock, DEFAULT_WINDOW);
    }

    /** @param window how far back to look for a queue's latest depth; at least two minutes, as SQS publishes late */
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
        Instant end = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(MINUTE);
        Instant fresh = end.minus(window);
        Instant start = end.minus(window.compareTo(DELETIONS_WINDOW) > 0 ? window : DELETIONS_WINDOW);

        Map<String, NavigableMap<Instant, Double>> series = new HashMap<>();
        List<String> notes = new ArrayList<>();
        // forQueues lists each queue's queries together, one per metric, in the queues' order.
        int metrics = SqsMetric.values().length;
        for (int from = 0; from < urls.size(); from += QUEUES_PER_CALL) {
            int to = Math.min(urls.size(), from + QUEUES_PER_CALL);
            fetch(queries.subList(from * metrics, to * metrics), start, end, series, notes);
        }

        Map<String, QueueDepth> depths = new LinkedHashMap<>();
        for (int i = 0; i < urls.size(); i++) {
            List<SqsMetricQuery> queueQueries = queries.subList(i * metrics, (i + 1) * metrics);
            depths.put(urls.get(i), depth(urls.get(i), queueQueries, series, fresh, end, notes));
        }
        return depths;
    }

    private void fetch(List<SqsMetricQuery> chunk, Instant start, Instant end,
                       Map<String, NavigableMap<Instant, Double>> series, List<String> notes) {
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
                keep(result, series);
                result.messages().forEach(message -> notes.add(result.id() + ": " + text(message)));
            }
            response.messages().forEach(message -> notes.add(text(message)));
            nextToken = response.nextToken();
        } while (nextToken != null && !nextToken.isEmpty());
    }

    /** Results of one query may come over several pages, in any order: keep every datapoint by its minute. */
    private static void keep(MetricDataResult result, Map<String, NavigableMap<Instant, Double>> series) {
        int n = Math.min(result.timestamps().size(), result.values().size());
        NavigableMap<Instant, Double> points = series.computeIfAbsent(result.id(), id -> new TreeMap<>());
        for (int i = 0; i < n; i++) {
            points.put(result.timestamps().get(i), result.values().get(i));
        }
    }

    /** A queue's depth from its own queries: each count's latest datapoint since {@code fresh}, and every minute's deletions. */
    private static QueueDepth depth(String url, List<SqsMetricQuery> queries, Map<String, NavigableMap<Instant, Double>> series,
                                    Instant fresh, Instant end, List<String> notes) {
        Map<SqsMetric, NavigableMap<Instant, Double>> points = new EnumMap<>(SqsMetric.class);
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (SqsMetricQuery query : queries) {
            NavigableMap<Instant, Double> found = series.getOrDefault(query.id(), Collections.emptyNavigableMap());
            if (query.metric() != SqsMetric.DELETED && found.tailMap(fresh, true).isEmpty()) {
                missing.add(query.metric().metricName());
                if (!found.isEmpty()) {
                    stale.add(query.metric().metricName() + " at " + found.lastKey());
                }
            }
            points.put(query.metric(), found);
        }
        if (!missing.isEmpty()) {
            throw new MetricsUnavailableException("CloudWatch has no AWS/SQS datapoint of " + missing
                    + " for queue " + url + " between " + fresh + " and " + end
                    + (stale.isEmpty() ? "" : " (the newest are older: " + String.join(", ", stale) + ")")
                    + "; check the queue's name and region (SQS publishes metrics only for queues active"
                    + " in the last six hours)" + (notes.isEmpty() ? "" : "; CloudWatch said " + notes));
        }
        return new QueueDepth(
                url,
                count(url, SqsMetric.VISIBLE, points),
                count(url, SqsMetric.IN_FLIGHT, points),
                count(url, SqsMetric.DELAYED, points),
                deletions(points.get(SqsMetric.VISIBLE), points.get(SqsMetric.DELETED)));
    }

    /** The latest datapoint of a count. */
    private static long count(String url, SqsMetric metric, Map<SqsMetric, NavigableMap<Instant, Double>> points) {
        double value = points.get(metric).lastEntry().getValue();
        if (!(value >= 0)) {
            throw new MetricsUnavailableException(
                    "CloudWatch reported " + metric.metricName() + "=" + value + " for queue " + url + ", not a count");
        }
        return Math.round(value);
    }

    /**
     * Each minute's deleted messages with whether messages were visible at its start (the minute
     * before's datapoint) and at its end (its own), for the minutes that have both, and only once
     * CloudWatch has published a later minute, so that the minute's sum is whole. A minute whose
     * sum is missing or not a count has none.
     */
    static List<Deletions> deletions(NavigableMap<Instant, Double> visible, NavigableMap<Instant, Double> deleted) {
        List<Deletions> deletions = new ArrayList<>();
        for (Map.Entry<Instant, Double> sum : deleted.entrySet()) {
            Instant minute = sum.getKey();
            Double before = visible.get(minute.minus(MINUTE));
            Double during = visible.get(minute);
            if (before != null && during != null && visible.higherKey(minute) != null
                    && sum.getValue() >= 0 && !sum.getValue().isInfinite()) {
                deletions.add(new Deletions(minute, Math.round(sum.getValue()), before > 0, during > 0));
            }
        }
        return deletions;
    }

    private static String text(MessageData message) {
        return message.code() + " " + message.value();
    }
}
