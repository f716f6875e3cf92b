package io.queueautoscaler.recommend;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the estimator knows about one queue after an observation: the counts it saw (and how much
 * the waiting messages grew since the observation before), the smoothed
 * arrival rate over a short and a long time constant and the recent burst rate (messages per
 * second, see {@link BurstEnvelope}), the arrival marks that date the messages still waiting,
 * and the recent cumulative arrivals the burst rate is measured on.
 */
public record QueueFlow(
        String url,
        Instant time,
        long waiting,
        long inFlight,
        long total,
        long waitingGrowth,
        double fastRate,
        double slowRate,
        double burstRate,
        List<ArrivalMark> marks,
        List<ArrivalMark> recent) {

    public QueueFlow {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(time, "time");
        if (waiting < 0 || inFlight < 0 || total < 0) {
            throw new IllegalArgumentException("queue counts cannot be negative: " + url);
        }
        if (!(fastRate >= 0 && slowRate >= 0 && burstRate >= 0)) {
            throw new IllegalArgumentException("arrival rates must be at least 0: " + url);
        }
        marks = List.copyOf(marks);
        recent = List.copyOf(recent);
        if (marks.isEmpty() || recent.isEmpty()) {
            throw new IllegalArgumentException("a queue flow needs at least one arrival mark: " + url);
        }
    }

    /** Messages estimated to have arrived since the estimator first saw the queue. */
    public double cumulativeArrivals() {
        return marks.get(marks.size() - 1).cumulative();
    }

    /**
     * The arrival rate to keep up with: the lower of the two, so a burst that ended is not chased
     * and a rise counts once it lasts (until then the deadlines answer it).
     */
    public double sustainedRate() {
        return Math.min(fastRate, slowRate);
    }

    /**
     * When the oldest waiting message arrived: where the cumulative arrivals reached the count of
     * messages that are no longer waiting. Messages older than the first mark date from it.
     */
    public Instant oldestWaitingArrival() {
        return arrivalOf(cumulativeArrivals() - waiting);
    }

    /** When the message with this cumulative arrival number arrived, interpolating between marks. */
    public Instant arrivalOf(double cumulative) {
        ArrivalMark later = marks.get(marks.size() - 1);
        for (int i = marks.size() - 2; i >= 0; i--) {
            ArrivalMark earlier = marks.get(i);
            if (earlier.cumulative() <= cumulative) {
                double span = later.cumulative() - earlier.cumulative();
                double fraction = span <= 0 ? 1 : (cumulative - earlier.cumulative()) / span;
                long millis = Duration.between(earlier.time(), later.time()).toMillis();
                return earlier.time().plusMillis(Math.round(millis * fraction));
            }
            later = earlier;
        }
        return marks.get(0).time();
    }
}
