package io.queueautoscaler.testing;

import io.queueautoscaler.metrics.MetricsUnavailableException;
import io.queueautoscaler.metrics.QueueMetrics;
import io.queueautoscaler.recommend.QueueDepth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Queue depths set by the test; a failure set by the test is thrown instead. */
public final class StubQueueMetrics implements QueueMetrics {
    private final Map<String, QueueDepth> depths = new LinkedHashMap<>();
    public RuntimeException failure;

    public StubQueueMetrics depth(String url, long visible, long inFlight) {
        depths.put(url, new QueueDepth(url, visible, inFlight, 0));
        return this;
    }

    /** A depth as a source that counts deleted messages gives it. */
    public StubQueueMetrics depth(QueueDepth depth) {
        depths.put(depth.url(), depth);
        return this;
    }

    @Override
    public Map<String, QueueDepth> read(List<String> queueUrls) {
        if (failure != null) {
            throw failure;
        }
        Map<String, QueueDepth> found = new LinkedHashMap<>();
        for (String url : queueUrls) {
            QueueDepth d = depths.get(url);
            if (d == null) {
                throw new MetricsUnavailableException("no depth for " + url);
            }
            found.put(url, d);
        }
        return found;
    }
}
