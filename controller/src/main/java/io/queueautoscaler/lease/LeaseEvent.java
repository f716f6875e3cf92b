package io.queueautoscaler.lease;

import java.time.Instant;
import java.util.Objects;

/** One line of the lease audit trail. Renewals are not events: they would drown the rest. */
public record LeaseEvent(Instant at, String instanceId, String autoScalingGroupName, Type type, String detail) {

    public enum Type {
        /** A worker (a holder) took a new lease. */
        TAKEN,
        /** The worker released its lease. */
        RELEASED,
        /** An admin revoked every lease of the instance. */
        REVOKED,
        /** The lease expired while the daemon was down: it was kept for one more lease period, for its worker to renew. */
        GRACE,
        /** The lease was not renewed in time. */
        EXPIRED,
        /** The instance left its group (terminated, detached) while leased. */
        DROPPED,
        /** The daemon set the instance's scale-in protection. */
        PROTECTED,
        /** The daemon lifted the protection it had set. */
        UNPROTECTED
    }

    public LeaseEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(autoScalingGroupName, "autoScalingGroupName");
        Objects.requireNonNull(type, "type");
        detail = detail == null ? "" : detail;
    }
}
