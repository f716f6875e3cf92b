package io.queueautoscaler.recommend;

import java.util.Locale;

/**
 * Messages one in-service instance processes per second, where the number comes from, and, when
 * learned, from what and how many observations: leased tasks or drained backlogs (0 unless
 * learned). {@code leasedTasksBelow} counts the leased tasks that showed less than the drained
 * backlogs proved, when the drains won (0 otherwise).
 */
record Throughput(double perInstance, Source source, int observations, Evidence evidence, int leasedTasksBelow) {

    enum Source {
        /** workers.messagesPerSecondPerInstance. */
        declared,
        /** from the tasks workers leased, or from drained backlogs when they prove more. */
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
        /** Backlogs that shrank while the workers were busy: see {@link ServiceRateEstimator}. */
        drainedBacklogs
    }

    Throughput(double perInstance, Source source) {
        this(perInstance, source, 0, Evidence.none, 0);
    }

    static Throughput learned(double perInstance, int observations, Evidence evidence) {
        return new Throughput(perInstance, Source.learned, observations, evidence, 0);
    }

    Throughput {
        if (!(perInstance > 0) || Double.isInfinite(perInstance)) {
            throw new IllegalArgumentException("throughput per instance must be above 0: " + perInstance);
        }
        if ((source == Source.learned) != (evidence != Evidence.none)) {
            throw new IllegalArgumentException("a learned throughput, and only one, says what it was learned from");
        }
    }

    String describe() {
        if (source != Source.learned) {
            return String.format(Locale.ROOT, "%.2f msg/s/instance (%s)", perInstance, source);
        }
        String what = evidence == Evidence.leasedTasks
                ? plural(observations, "leased task")
                : plural(observations, "drained backlog");
        String below = leasedTasksBelow > 0 ? ", faster than " + plural(leasedTasksBelow, "leased task") + " show" : "";
        return String.format(Locale.ROOT, "%.2f msg/s/instance (learned from %s%s)", perInstance, what, below);
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
