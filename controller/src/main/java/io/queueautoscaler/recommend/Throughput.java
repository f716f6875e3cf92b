package io.queueautoscaler.recommend;

import java.util.Locale;

/**
 * Messages one in-service instance processes per second, where the number comes from, and, when
 * learned, from what and how many observations: leased tasks, saturated minutes or drained
 * backlogs (0 unless learned). When the drained backlogs proved more than a measurement showed
 * and so overruled it, {@code overruled} counts that measurement's observations and
 * {@code overruledEvidence} says what they were (0 and none otherwise). An assumed throughput
 * says in {@code progress} how far the evidence seen so far is from being enough ("" when none).
 */
record Throughput(double perInstance, Source source, int observations, Evidence evidence, int overruled,
                  Evidence overruledEvidence, String progress) {

    enum Source {
        /** workers.messagesPerSecondPerInstance. */
        declared,
        /** from the tasks workers leased or the messages they deleted, or from drained backlogs when they prove more. */
        learned,
        /** nothing known yet: concurrencyPerInstance over an assumed service time. */
        assumed
    }

    /** What a learned throughput was measured on. */
    enum Evidence {
        /** Nothing was: the throughput is declared or assumed. */
        none,
        /** Leases held one task each: concurrency over the mean time a lease was held. */
        leasedTasks,
        /** Minutes in which every worker slot was busy: concurrency times the messages deleted over the busy slot-seconds. */
        deletedMessages,
        /** Backlogs that shrank while the workers were busy: see {@link ServiceRateEstimator}. */
        drainedBacklogs
    }

    Throughput(double perInstance, Source source) {
        this(perInstance, source, 0, Evidence.none, 0, Evidence.none, "");
    }

    static Throughput learned(double perInstance, int observations, Evidence evidence) {
        return new Throughput(perInstance, Source.learned, observations, evidence, 0, Evidence.none, "");
    }

    /** Assumed, with what has been seen towards learning it, in words ("" when nothing). */
    static Throughput assumed(double perInstance, String progress) {
        return new Throughput(perInstance, Source.assumed, 0, Evidence.none, 0, Evidence.none, progress);
    }

    /** The drains' lower bound, which proves more than {@code measured} shows. */
    static Throughput overruling(double bound, int drains, Throughput measured) {
        return new Throughput(bound, Source.learned, drains, Evidence.drainedBacklogs, measured.observations(),
                measured.evidence(), "");
    }

    Throughput {
        if (!(perInstance > 0) || Double.isInfinite(perInstance)) {
            throw new IllegalArgumentException("throughput per instance must be above 0: " + perInstance);
        }
        if ((source == Source.learned) != (evidence != Evidence.none)) {
            throw new IllegalArgumentException("a learned throughput, and only one, says what it was learned from");
        }
        if ((overruled > 0) != (overruledEvidence != Evidence.none)) {
            throw new IllegalArgumentException("overruled observations, and only they, say what they were");
        }
        if (!progress.isEmpty() && source != Source.assumed) {
            throw new IllegalArgumentException("only an assumed throughput tells its progress towards being learned");
        }
    }

    String describe() {
        if (source != Source.learned) {
            String soFar = progress.isEmpty() ? "" : "; so far " + progress;
            return String.format(Locale.ROOT, "%.2f msg/s/instance (%s%s)", perInstance, source, soFar);
        }
        String below = overruled > 0
                ? ", faster than " + observed(overruled, overruledEvidence) + (overruled == 1 ? " shows" : " show") : "";
        String what = observed(observations, evidence)
                + (evidence == Evidence.deletedMessages ? " of deleted messages" : "");
        return String.format(Locale.ROOT, "%.2f msg/s/instance (learned from %s%s)", perInstance, what, below);
    }

    private static String observed(int count, Evidence evidence) {
        return switch (evidence) {
            case leasedTasks -> Numbers.plural(count, "leased task");
            case deletedMessages -> Numbers.plural(count, "saturated minute");
            case drainedBacklogs -> Numbers.plural(count, "drained backlog");
            case none -> throw new IllegalStateException("nothing observed");
        };
    }
}
