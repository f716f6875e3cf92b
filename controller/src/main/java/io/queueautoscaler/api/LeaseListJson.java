package io.queueautoscaler.api;

import java.util.List;

/** The instances with live leases, by instance ID, each with its holders. */
public record LeaseListJson(List<InstanceLeasesJson> items) {
    public LeaseListJson {
        items = List.copyOf(items);
    }
}
