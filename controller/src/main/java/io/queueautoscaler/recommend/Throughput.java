package io.queueautoscaler.recommend;

import java.util.Locale;

/** Messages one in-service instance processes per second, and where the number comes from. */
record Throughput(double perInstance, Source source) {

    enum Source {
        /** workers.messagesPerSecondPerInstance. */
        declared,
        /** the tightest lower bound that drained backlogs gave, above what is assumed. */
        learned,
        /** nothing known yet: concurrencyPerInstance over an assumed service time. */
        assumed
    }

    Throughput {
        if (!(perInstance > 0) || Double.isInfinite(perInstance)) {
            throw new IllegalArgumentException("throughput per instance must be above 0: " + perInstance);
        }
    }

    String describe() {
        return String.format(Locale.ROOT, "%.2f msg/s/instance (%s)", perInstance, source);
    }
}
