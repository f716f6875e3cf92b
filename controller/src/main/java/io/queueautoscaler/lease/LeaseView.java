package io.queueautoscaler.lease;

import java.util.Set;

/** Which instances of a group hold a live protection lease now. */
public interface LeaseView {
    LeaseView NONE = group -> Set.of();

    Set<String> leasedInstances(String autoScalingGroupName);
}
