package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.Target;
import java.util.Optional;

/**
 * Never ask for fewer instances than hold live protection leases: those workers are busy and
 * will not be terminated, so a lower number would only leave the group below its desired
 * capacity with nothing to remove. maxCapacity still wins; Auto Scaling then keeps the protected
 * instances until their leases end.
 */
final class LeaseFloor {
    private LeaseFloor() {
    }

    static Optional<Stage> apply(Target target, FleetSnapshot fleet, int proposed) {
        int floor = Math.min(fleet.leased(), target.maxCapacity());
        if (proposed >= floor) {
            return Optional.empty();
        }
        String capped = floor < fleet.leased() ? " (capped at maxCapacity " + target.maxCapacity() + ")" : "";
        return Optional.of(new Stage("leaseFloor", floor, Reason.LEASE_FLOOR,
                Numbers.plural(fleet.leased(), "instance") + (fleet.leased() == 1 ? " holds" : " hold")
                        + " protection leases: " + floor + " instead of " + proposed + capped));
    }
}
