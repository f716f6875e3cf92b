package io.queueautoscaler.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.queueautoscaler.lease.InstanceLeases;
import java.util.List;

/** An instance's live leases on the wire, one item per holder. */
public record InstanceLeasesJson(String instanceId, String autoScalingGroupName,
                                 @JsonProperty("protected") boolean protectedFromScaleIn, boolean draining,
                                 List<HolderJson> holders) {
    public InstanceLeasesJson {
        holders = List.copyOf(holders);
    }

    public static InstanceLeasesJson of(InstanceLeases leases) {
        return new InstanceLeasesJson(leases.instanceId(), leases.autoScalingGroupName(), leases.protectedFromScaleIn(),
                leases.draining(), leases.holders().stream().map(HolderJson::of).toList());
    }
}
