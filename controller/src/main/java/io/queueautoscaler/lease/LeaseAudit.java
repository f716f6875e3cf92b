package io.queueautoscaler.lease;

import java.time.Instant;

/** The audit lines of lease changes, worded once for every store. */
final class LeaseAudit {
    private LeaseAudit() {
    }

    static LeaseEvent taken(Lease lease) {
        return new LeaseEvent(lease.takenAt(), lease.instanceId(), lease.autoScalingGroupName(), LeaseEvent.Type.TAKEN,
                "holder " + lease.holder() + " for " + lease.period().toSeconds() + " s"
                        + (lease.protectedByOther() ? "; already protected by someone else" : ""));
    }

    static LeaseEvent released(Lease lease, Instant now) {
        return new LeaseEvent(now, lease.instanceId(), lease.autoScalingGroupName(), LeaseEvent.Type.RELEASED,
                "holder " + lease.holder() + (lease.liveAt(now) ? "" : " after it expired at " + lease.expiresAt()));
    }

    static LeaseEvent expired(Lease lease, Instant now) {
        return new LeaseEvent(now, lease.instanceId(), lease.autoScalingGroupName(), LeaseEvent.Type.EXPIRED,
                "holder " + lease.holder() + " not renewed by " + lease.expiresAt());
    }

    static LeaseEvent dropped(Lease lease, Instant now, String why) {
        return new LeaseEvent(now, lease.instanceId(), lease.autoScalingGroupName(), LeaseEvent.Type.DROPPED,
                "holder " + lease.holder() + ": " + why);
    }

    static LeaseEvent revoked(String instanceId, String group, int holders, Instant now, String by) {
        return new LeaseEvent(now, instanceId, group, LeaseEvent.Type.REVOKED,
                holders + " holder(s) revoked by " + by);
    }

    static LeaseEvent graced(Lease before, Lease after, Instant now) {
        return new LeaseEvent(now, before.instanceId(), before.autoScalingGroupName(), LeaseEvent.Type.GRACE,
                "holder " + before.holder() + " expired at " + before.expiresAt() + " while no daemon ran; kept until "
                        + after.expiresAt() + " (one lease period) for its worker to renew");
    }
}
