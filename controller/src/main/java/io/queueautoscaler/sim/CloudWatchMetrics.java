package io.queueautoscaler.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The queues and the group as CloudWatch shows them: one datapoint a minute (Amazon SQS pushes its
 * metrics at one-minute intervals, and the group's GroupInServiceInstances is a 1-minute metric),
 * each a snapshot at the end of its minute, visible only {@code delaySeconds} later. AWS documents
 * no fixed lag beyond "up to 15 minutes" for a queue waking from inactivity; one minute is the
 * lag assumed here.
 */
public final class CloudWatchMetrics {
    static final int PERIOD_SECONDS = 60;
    static final int DEFAULT_DELAY_SECONDS = 60;

    private final int delaySeconds;
    private final List<Datapoint> datapoints = new ArrayList<>();

    CloudWatchMetrics(int delaySeconds) {
        if (delaySeconds < 0) {
            throw new IllegalArgumentException("delaySeconds must be at least 0: " + delaySeconds);
        }
        this.delaySeconds = delaySeconds;
    }

    /** Called once per simulated second; takes the minute's snapshot at each minute boundary. */
    void observe(long second, Cluster cluster) {
        if (second == 0 || second % PERIOD_SECONDS != 0) {
            return;
        }
        int queues = cluster.queues();
        long[] visible = new long[queues];
        long[] inFlight = new long[queues];
        for (int q = 0; q < queues; q++) {
            visible[q] = cluster.visible(q);
            inFlight[q] = cluster.inFlight(q);
        }
        datapoints.add(new Datapoint(second, visible, inFlight, cluster.serving()));
    }

    /** The newest {@code count} datapoints published by {@code now}, oldest first (fewer early on). */
    public List<Datapoint> latest(long now, int count) {
        int published = published(now);
        return List.copyOf(datapoints.subList(Math.max(0, published - count), published));
    }

    private int published(long now) {
        int n = datapoints.size();
        while (n > 0 && datapoints.get(n - 1).periodEnd() + delaySeconds > now) {
            n--;
        }
        return n;
    }

    /** One minute's snapshot: per queue visible and in flight; and instances in service. */
    public record Datapoint(long periodEnd, long[] visible, long[] inFlight, int inService) {
        public long totalVisible() {
            long total = 0;
            for (long v : visible) {
                total += v;
            }
            return total;
        }
    }
}
