package io.queueautoscaler.recommend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The bursts latency mode has seen and how far apart they came, which decide how long the
 * capacity that absorbs them is kept once a burst is over.
 *
 * <p>Keeping idle capacity costs its instance-seconds until the next burst; releasing it costs a
 * warmup per instance to acquire it again, and it has to be ordered {@code lead} seconds (a
 * warmup and the evaluations that see a burst) before the burst, since the burst's first messages
 * can only be started by capacity already running. So the capacity is kept while the next burst
 * is expected within {@code lead} plus one warmup, released otherwise, and ordered again that
 * long before the next burst is due. The next burst is expected the shortest recent gap after the
 * last one started, when the gaps are regular enough to time it (see {@link #keep}); irregular
 * bursts keep a fading share of their capacity instead. With a single burst seen there is no gap
 * to go by: the capacity is kept for one warmup after the burst ends, as long as releasing and
 * acquiring it again would cost, and released after.
 *
 * <p>A burst starts when the recent bursts need more instances than keeping up does and ends
 * when they no longer do; one that starts again within {@code lead} of the end continues the
 * same burst, since capacity ordered in between could not have landed. Each remembers when it
 * started and the largest burst rate (msg/s, see {@link BurstEnvelope}) it reached.
 */
public record BurstRhythm(boolean bursting, Optional<Instant> lastEnd, List<Burst> bursts) {
    /** Bursts remembered, the gaps between them the rhythm. */
    static final int MAX_BURSTS = 8;
    /**
     * Gaps within this factor of each other make a rhythm to order capacity ahead of; bursts less
     * regular than that keep capacity they hold, but do not get it ordered ahead of them.
     */
    static final double REGULAR = 2;

    public static final BurstRhythm NONE = new BurstRhythm(false, Optional.empty(), List.of());

    /** One burst: when it started and the largest burst rate it reached. */
    public record Burst(Instant onset, double peakRate) {
        public Burst {
            Objects.requireNonNull(onset, "onset");
            if (!(peakRate >= 0) || Double.isInfinite(peakRate)) {
                throw new IllegalArgumentException("a burst's peak rate must be at least 0: " + peakRate);
            }
        }
    }

    /** What to keep between bursts: the rate to absorb (0: nothing) and why. */
    record Keep(double rate, String why) {
        static final Keep NOTHING = new Keep(0, "");
    }

    public BurstRhythm {
        Objects.requireNonNull(lastEnd, "lastEnd");
        bursts = List.copyOf(bursts);
    }

    /** The rhythm after an evaluation that measured {@code rate}, a burst when {@code burst}. */
    BurstRhythm observe(Instant now, double rate, boolean burst, double lead) {
        if (!burst) {
            return bursting ? new BurstRhythm(false, Optional.of(now), bursts) : this;
        }
        List<Burst> next = new ArrayList<>(bursts);
        boolean continues = bursting || (!next.isEmpty() && lastEnd.filter(end -> Numbers.seconds(end, now) < lead).isPresent());
        if (continues && !next.isEmpty()) {
            Burst last = next.remove(next.size() - 1);
            next.add(new Burst(last.onset(), Math.max(last.peakRate(), rate)));
        } else {
            next.add(new Burst(now, rate));
        }
        return new BurstRhythm(true, lastEnd, next.subList(Math.max(0, next.size() - MAX_BURSTS), next.size()));
    }

    /**
     * The burst capacity to keep now, between bursts. With one burst seen: its peak for one warmup
     * after it ended. With a regular rhythm (gaps within {@link #REGULAR} of each other): the
     * largest peak remembered while the next burst is due within {@code lead} (plus a warmup
     * while the capacity is still held), overdue by at most a warmup and the spread of the gaps.
     * With irregular bursts, whose next one cannot be timed: the largest peak remembered, kept
     * until the longest gap seen has passed since the last burst began, then fading with that gap
     * as time constant, so capacity is kept through the gaps the traffic has shown and fades once
     * a gap outlasts them. The next burst may come any time within those gaps, and capacity
     * ordered when it starts lands a warmup later, too late for its first messages.
     */
    Keep keep(Instant now, double warmup, double lead, boolean holding) {
        if (bursting || bursts.isEmpty()) {
            return Keep.NOTHING;
        }
        if (bursts.size() == 1) {
            double idle = lastEnd.map(end -> Numbers.seconds(end, now)).orElse(0.0);
            return idle <= warmup
                    ? new Keep(bursts.get(0).peakRate(), String.format(Locale.ROOT,
                    "one burst so far, ended %.0f s ago; warmup %s s: keeping", idle, Numbers.fmt(warmup)))
                    : Keep.NOTHING;
        }
        double shortest = Double.MAX_VALUE;
        double longest = 0;
        for (int i = 1; i < bursts.size(); i++) {
            double gap = Numbers.seconds(bursts.get(i - 1).onset(), bursts.get(i).onset());
            shortest = Math.min(shortest, gap);
            longest = Math.max(longest, gap);
        }
        double mean = Numbers.seconds(bursts.get(0).onset(), bursts.get(bursts.size() - 1).onset()) / (bursts.size() - 1);
        String rhythm = String.format(Locale.ROOT, "bursts every ~%.0f s (%.0f-%.0f s", mean, shortest, longest);
        double peak = bursts.stream().mapToDouble(Burst::peakRate).max().orElse(0);
        if (longest > REGULAR * shortest) {
            double overdue = Numbers.seconds(bursts.get(bursts.size() - 1).onset(), now) - longest;
            double rate = overdue <= 0 ? peak : peak * Math.exp(-overdue / longest);
            return new Keep(rate, String.format(Locale.ROOT, "%s, too irregular to time the next), warmup %s s: keeping",
                    rhythm, Numbers.fmt(warmup)));
        }
        double due = shortest - Numbers.seconds(bursts.get(bursts.size() - 1).onset(), now);
        if (due > lead + (holding ? warmup : 0) || -due > warmup + longest - shortest) {
            return Keep.NOTHING;
        }
        return new Keep(peak, String.format(Locale.ROOT, "%s, the next due %s), warmup %s s: keeping", rhythm,
                due > 0 ? String.format(Locale.ROOT, "within %.0f s", due) : String.format(Locale.ROOT, "%.0f s ago", -due),
                Numbers.fmt(warmup)));
    }
}
