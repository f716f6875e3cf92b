package io.queueautoscaler.api;

import java.util.List;

/** The live leases, by instance ID. */
public record LeaseListJson(List<LeaseJson> items) {
    public LeaseListJson {
        items = List.copyOf(items);
    }
}
