package io.queueautoscaler.sim;

import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.metrics.MetricsUnavailableException;
import io.queueautoscaler.metrics.QueueMetrics;
import io.queueautoscaler.recommend.QueueDepth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated queues as the daemon's metric sources see them, matched to the policy's queue URLs
 * by position. {@code sqs} answers like GetQueueAttributes: near real time, no age of the oldest
 * message. {@code cloudwatch} answers like GetMetricData: the last published 1-minute datapoint,
 * with ApproximateAgeOfOldestMessage. Delayed messages are always 0: the scenarios send none.
 */
final class SimQueueMetrics implements QueueMetrics {
    private final List<String> urls;
    private final Cluster cluster;
    private final CloudWatchMetrics cloudWatch;
    private final VirtualClock clock;

    private SimQueueMetrics(List<String> urls, Cluster cluster, CloudWatchMetrics cloudWatch, VirtualClock clock) {
        if (urls.size() != cluster.queues()) {
            throw new IllegalArgumentException("the policy lists " + urls.size() + " queue(s) but the scenario has "
                    + cluster.queues() + "; queues are matched by position, so give both the same number");
        }
        this.urls = List.copyOf(urls);
        this.cluster = cluster;
        this.cloudWatch = cloudWatch;
        this.clock = clock;
    }

    static SimQueueMetrics sqs(List<String> urls, Cluster cluster) {
        return new SimQueueMetrics(urls, cluster, null, null);
    }

    static SimQueueMetrics cloudWatch(List<String> urls, Cluster cluster, CloudWatchMetrics metrics, VirtualClock clock) {
        return new SimQueueMetrics(urls, cluster, metrics, clock);
    }

    @Override
    public Map<String, QueueDepth> read(List<String> queueUrls) {
        Map<String, QueueDepth> depths = new LinkedHashMap<>();
        CloudWatchMetrics.Datapoint point = null;
        if (cloudWatch != null) {
            List<CloudWatchMetrics.Datapoint> latest = cloudWatch.latest(clock.instant().getEpochSecond(), 1);
            if (latest.isEmpty()) {
                throw new MetricsUnavailableException("no CloudWatch datapoint published yet for " + queueUrls);
            }
            point = latest.get(0);
        }
        for (String url : queueUrls) {
            int q = urls.indexOf(url);
            if (q < 0) {
                throw new MetricsUnavailableException("queue " + url + " is not simulated; the simulation has " + urls);
            }
            depths.put(url, point == null
                    ? new QueueDepth(url, cluster.visible(q), cluster.inFlight(q), 0)
                    : new QueueDepth(url, point.visible()[q], point.inFlight()[q], 0));
        }
        return depths;
    }
}
