package io.queueautoscaler.policy;

import java.util.Objects;

/** Where queue depth comes from and which messages count as backlog. */
public record MetricsSpec(Source source, boolean includeInFlight, boolean includeDelayed) {
    public static final MetricsSpec DEFAULT = new MetricsSpec(Source.sqs, true, false);

    public enum Source { sqs, cloudwatch }

    public MetricsSpec {
        Objects.requireNonNull(source, "source");
    }
}
