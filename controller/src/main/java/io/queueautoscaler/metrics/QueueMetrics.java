package io.queueautoscaler.metrics;

import io.queueautoscaler.recommend.QueueDepth;
import java.util.List;
import java.util.Map;

/** Measures queue depth. A source measures; it never decides. */
public interface QueueMetrics {

    /**
     * The depth of each queue, keyed by queue URL, with every requested URL present.
     *
     * @throws MetricsUnavailableException naming the queue and the cause when any depth cannot be read
     */
    Map<String, QueueDepth> read(List<String> queueUrls);
}
