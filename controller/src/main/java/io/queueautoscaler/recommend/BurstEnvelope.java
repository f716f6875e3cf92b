package io.queueautoscaler.recommend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The capacity that absorbs the bursts seen recently without reacting to them. Capacity ordered
 * for a burst lands too late for its first messages when their plan ends within the burst window
 * ({@link LatencyMode#burstWindow}): only capacity already running can start those. A constant
 * capacity C starts every message within T exactly when, for every interval of length L, the
 * arrivals A in it satisfy A <= C * (L + T) (the arrival curve of network calculus); intervals
 * longer than the window need not count, since capacity ordered for the messages after it lands
 * in time. So the burst rate is the largest A / (L + T) over the intervals ending now no longer
 * than the window (between evaluations, so a window shorter than one interval sees none). The
 * peak decays with the window as time constant, so it holds through a burst's evaluations and
 * fades within a minute or two after it; how long the capacity is kept between bursts is
 * {@link BurstRhythm}'s to decide, from the gaps between the bursts seen.
 */
final class BurstEnvelope {

    private BurstEnvelope() {
    }

    /** The arrival marks still needed: those within {@code window} seconds of now, plus one before. */
    static List<ArrivalMark> recent(List<ArrivalMark> previous, ArrivalMark now, double window) {
        List<ArrivalMark> marks = new ArrayList<>(previous);
        marks.add(now);
        Instant cutoff = now.time().minusMillis((long) (window * 1000));
        int from = 0;
        for (int i = marks.size() - 1; i >= 0; i--) {
            if (!marks.get(i).time().isAfter(cutoff)) {
                from = i;
                break;
            }
        }
        return marks.subList(from, marks.size());
    }

    /** The decayed previous burst rate, or the rate the latest intervals need if higher. */
    static double rate(double previous, double seconds, List<ArrivalMark> recent, double window, double target) {
        ArrivalMark now = recent.get(recent.size() - 1);
        double needed = 0;
        for (ArrivalMark mark : recent) {
            double length = Numbers.seconds(mark.time(), now.time());
            if (length > 0 && length <= window + 1e-9) {
                needed = Math.max(needed, (now.cumulative() - mark.cumulative()) / (length + target));
            }
        }
        return window > 0 ? Math.max(needed, previous * Math.exp(-seconds / window)) : needed;
    }
}
