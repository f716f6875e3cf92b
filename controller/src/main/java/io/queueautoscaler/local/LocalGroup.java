package io.queueautoscaler.local;

import java.util.List;
import java.util.Objects;

/** A local worker group: its bounds, the queues its workers poll (priority order) and threads per instance. */
public record LocalGroup(String name, int minSize, int maxSize, List<String> queueUrls, int concurrencyPerInstance) {
    public LocalGroup {
        Objects.requireNonNull(name, "name");
        queueUrls = List.copyOf(queueUrls);
        if (concurrencyPerInstance < 1) {
            throw new IllegalArgumentException("concurrencyPerInstance must be at least 1: " + concurrencyPerInstance);
        }
    }
}
