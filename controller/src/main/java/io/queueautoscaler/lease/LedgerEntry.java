package io.queueautoscaler.lease;

import java.util.Objects;

/**
 * An instance whose scale-in protection the daemon set (or is about to set), in its group;
 * confirmed once AWS accepted the call or a describe showed the flag.
 */
public record LedgerEntry(String autoScalingGroupName, boolean confirmed) {
    public LedgerEntry {
        Objects.requireNonNull(autoScalingGroupName, "autoScalingGroupName");
    }
}
