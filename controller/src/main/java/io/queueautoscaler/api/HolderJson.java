package io.queueautoscaler.api;

import io.queueautoscaler.lease.Lease;

/** One holder of an instance's leases on the wire. */
public record HolderJson(String holder, String expiresAt) {

    public static HolderJson of(Lease lease) {
        return new HolderJson(lease.holder(), lease.expiresAt().toString());
    }
}
