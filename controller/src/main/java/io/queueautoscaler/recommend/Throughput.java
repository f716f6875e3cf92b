package io.queueautoscaler.recommend;

import java.util.Locale;

/**
 * Messages one in-service instance processes per second, where the number comes from, and how
 * many observations it was learned from (0 unless learned).
 */
record Throughput(double perInstance, Source source, int observations) {

    enum Source {
        /** workers.messagesPerSecondPerInstance. */
        declared,
        /** the tightest lower bound that drained backlogs gave, above what is assumed. */
        learned,
        /** nothing known yet: concurrencyPerInstance over an assumed service time. */
        assumed
    }

    Throughput(double perInstance, Source source) {
        this(perInstance, source, 0);
    }

    Throughput {
        if (!(perInstance > 0) || Double.isInfinite(perInstance)) {
            throw new IllegalArgumentException("throughput per instance must be above 0: " + perInstance);
        }
    }

    String describe() {
        if (source == Source.learned) {
            return String.format(Locale.ROOT, "%.2f msg/s/instance (learned from %d observation%s)", perInstance,
                    observations, observations == 1 ? "" : "s");
        }
        return String.format(Locale.ROOT, "%.2f msg/s/instance (%s)", perInstance, source);
    }
}
