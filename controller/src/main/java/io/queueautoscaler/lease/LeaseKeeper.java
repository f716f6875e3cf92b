package io.queueautoscaler.lease;

import io.queueautoscaler.db.DatabaseFailure;
import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.fleet.InstanceAddresses;
import io.queueautoscaler.lease.LeaseRefusedException.Refusal;
import io.queueautoscaler.policy.Protection;
import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What a worker may do with leases: take or renew a holder's lease on its own instance, release
 * it, read the instance's leases; and what an admin may: list and revoke. The renewal of a live
 * lease, the hot path, makes no AWS call (an address check, when on, is answered from its cache)
 * and shares its database transaction with the renewals that arrive with it.
 */
public final class LeaseKeeper {
    /** EC2 instance IDs: {@code i-} and 8 (older instances) or 17 hexadecimal digits. */
    public static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");

    private final Leases leases;
    private final ProtectionLedger ledger;
    private final InstanceLocator locator;
    private final Function<String, Optional<ScalingPolicy>> policyForGroup;
    private final Optional<InstanceAddresses> addresses;
    private final Runnable nudge;
    private final Clock clock;

    /**
     * @param addresses present when a worker's request must come from its instance's private IP
     * @param nudge     asks the flusher to flush soon (a new lease waits for its protection)
     */
    public LeaseKeeper(Leases leases, ProtectionLedger ledger, InstanceLocator locator,
                       Function<String, Optional<ScalingPolicy>> policyForGroup, Optional<InstanceAddresses> addresses,
                       Runnable nudge, Clock clock) {
        this.leases = leases;
        this.ledger = ledger;
        this.locator = locator;
        this.policyForGroup = policyForGroup;
        this.addresses = addresses;
        this.nudge = nudge;
        this.clock = clock;
    }

    /**
     * Takes or renews the holder's lease on the instance; {@code leaseSeconds} empty means the
     * policy's default. Renewing one holder never touches another's lease.
     */
    public LeaseGrant protect(String instanceId, String holder, OptionalInt leaseSeconds, String sourceAddress) {
        checkId(instanceId);
        Holders.check(holder);
        Optional<String> group = leases.groupOf(instanceId);
        if (group.isPresent()) {
            Duration duration = duration(leaseSeconds, protectingPolicy(instanceId, group.get()));
            checkSource(instanceId, sourceAddress);
            Optional<Instant> renewedUntil = leases.renew(instanceId, List.of(holder), duration).get(0);
            if (renewedUntil.isPresent()) {
                return new LeaseGrant(instanceId, group.get(), holder, renewedUntil.get(), leases.isProtected(instanceId),
                        leases.isDraining(instanceId));
            }
            // no live lease of this holder: take one below
        }
        Lease taken = take(instanceId, holder, leaseSeconds, sourceAddress);
        return new LeaseGrant(instanceId, taken.autoScalingGroupName(), holder, taken.expiresAt(),
                taken.protectedByOther() || leases.isProtected(instanceId), leases.isDraining(instanceId));
    }

    /**
     * Takes or renews each holder's lease on the instance, renewals in one transaction. Holders
     * that cannot be taken (the instance is draining, or full) are left out of the answer, unless
     * none is left: then the request is refused with the first holder's reason.
     */
    public InstanceLeases protectAll(String instanceId, List<String> holders, OptionalInt leaseSeconds,
                                     String sourceAddress) {
        checkId(instanceId);
        if (holders.isEmpty() || holders.size() > Holders.MAX_PER_INSTANCE) {
            throw new LeaseRefusedException(Refusal.INVALID, "holders lists 1 to " + Holders.MAX_PER_INSTANCE
                    + " holders, had " + holders.size());
        }
        holders.forEach(Holders::check);
        if (holders.stream().distinct().count() != holders.size()) {
            throw new LeaseRefusedException(Refusal.INVALID, "holders names a holder twice: " + holders.size()
                    + " names, " + holders.stream().distinct().count() + " different");
        }
        List<String> toTake = new ArrayList<>(holders);
        Optional<String> group = leases.groupOf(instanceId);
        if (group.isPresent()) {
            Duration duration = duration(leaseSeconds, protectingPolicy(instanceId, group.get()));
            checkSource(instanceId, sourceAddress);
            List<Optional<Instant>> renewed = leases.renew(instanceId, holders, duration);
            toTake.clear();
            for (int i = 0; i < holders.size(); i++) {
                if (renewed.get(i).isEmpty()) {
                    toTake.add(holders.get(i));
                }
            }
        }
        LeaseRefusedException firstRefusal = null;
        for (String holder : toTake) {
            try {
                take(instanceId, holder, leaseSeconds, sourceAddress);
            } catch (LeaseRefusedException e) {
                if (e.refusal() == Refusal.UNAVAILABLE || e.refusal() == Refusal.INVALID
                        || e.refusal() == Refusal.NOT_YOUR_INSTANCE) {
                    throw e; // says nothing about one holder: the whole request fails
                }
                firstRefusal = firstRefusal == null ? e : firstRefusal;
            }
        }
        Optional<InstanceLeases> now = leases.instance(instanceId);
        Set<String> asked = Set.copyOf(holders);
        if (firstRefusal != null && (now.isEmpty() || now.get().holders().stream().noneMatch(l -> asked.contains(l.holder())))) {
            throw firstRefusal;
        }
        return now.orElseThrow(() -> new LeaseRefusedException(Refusal.UNAVAILABLE, "the leases of instance " + instanceId
                + " expired or were released while they were renewed; ask again"));
    }

    /** Releases the holder's lease; false when there was none (releasing is idempotent). */
    public boolean release(String instanceId, String holder, String sourceAddress) {
        checkId(instanceId);
        Holders.check(holder);
        if (leases.groupOf(instanceId).isEmpty()) {
            return false;
        }
        checkSource(instanceId, sourceAddress);
        // No nudge: lifting the protection can wait for the regular flush, and a worker that takes a
        // new lease within that interval (a busy instance between two tasks) then costs no call at all.
        return store(() -> leases.release(instanceId, holder)).isPresent();
    }

    /** Revokes every holder's lease of the instance (an admin's act, audited); returns how many. */
    public int revoke(String instanceId, String by) {
        checkId(instanceId);
        int revoked = store(() -> leases.revoke(instanceId, by)).size();
        if (revoked > 0) {
            nudge.run();
        }
        return revoked;
    }

    public Optional<InstanceLeases> find(String instanceId) {
        checkId(instanceId);
        return store(() -> leases.instance(instanceId));
    }

    public List<InstanceLeases> live() {
        return store(leases::all);
    }

    private Lease take(String instanceId, String holder, OptionalInt leaseSeconds, String sourceAddress) {
        InstanceLocator.Location location = locator.locate(instanceId);
        ScalingPolicy policy = protectingPolicy(instanceId, location.policy().autoScalingGroupName());
        Duration duration = duration(leaseSeconds, policy);
        checkSource(instanceId, sourceAddress);
        boolean someoneElses = location.instance().protectedFromScaleIn() && !ledger.setByUs(instanceId);
        Lease lease = Lease.take(instanceId, holder, policy.autoScalingGroupName(), clock.instant(), duration, someoneElses);
        TakeOutcome outcome = store(() -> leases.take(lease));
        switch (outcome) {
            case TAKEN, RENEWED -> {
            }
            case DRAINING -> throw new LeaseRefusedException(Refusal.CONFLICT, "draining: instance " + instanceId
                    + " is being terminated and waits for its holders to finish; take no new work on it");
            case SCALING_IN -> throw new LeaseRefusedException(Refusal.CONFLICT, "instance " + instanceId
                    + " is being scaled in: stop taking work on it");
            case FULL -> throw new LeaseRefusedException(Refusal.CONFLICT, "instance " + instanceId + " already has "
                    + Holders.MAX_PER_INSTANCE + " live holders, the most one instance may have: release finished "
                    + "holders, or renew several in one request with \"holders\"");
        }
        if (!someoneElses) {
            nudge.run();
        }
        return lease;
    }

    private static void checkId(String instanceId) {
        if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
            throw new LeaseRefusedException(Refusal.INVALID, "'" + instanceId + "' is not an EC2 instance ID: expected i- "
                    + "followed by 17 (or, for old instances, 8) lowercase hexadecimal digits, e.g. i-0a1b2c3d4e5f60001");
        }
    }

    private ScalingPolicy protectingPolicy(String instanceId, String group) {
        ScalingPolicy policy = policyForGroup.apply(group).orElseThrow(() -> new LeaseRefusedException(Refusal.CONFLICT,
                "instance " + instanceId + " is in Auto Scaling group " + group + ", which no policy manages any more: "
                        + "its lease can no longer be renewed"));
        if (!policy.protection().enabled()) {
            throw new LeaseRefusedException(Refusal.CONFLICT, "policy " + policy.name() + " turns protection off for group "
                    + group + " (spec.protection.enabled: false): its instances cannot be leased");
        }
        return policy;
    }

    private static Duration duration(OptionalInt leaseSeconds, ScalingPolicy policy) {
        Protection protection = policy.protection();
        int seconds = leaseSeconds.orElse(protection.leaseSeconds());
        if (seconds < 1 || seconds > protection.maxLeaseSeconds()) {
            throw new LeaseRefusedException(Refusal.INVALID, "leaseSeconds " + seconds + " is out of range: policy "
                    + policy.name() + " allows from 1 to " + protection.maxLeaseSeconds()
                    + " (spec.protection.maxLeaseSeconds); renew a shorter lease more often instead");
        }
        return Duration.ofSeconds(seconds);
    }

    private void checkSource(String instanceId, String sourceAddress) {
        if (addresses.isEmpty()) {
            return;
        }
        Optional<String> privateIp;
        try {
            privateIp = addresses.get().privateIp(instanceId);
        } catch (FleetException e) {
            throw new LeaseRefusedException(Refusal.UNAVAILABLE, "cannot look up the private IP of instance " + instanceId
                    + " to check that the request comes from it; retry shortly: " + e.getMessage(), e);
        }
        String source = unmapped(sourceAddress);
        if (privateIp.isEmpty() || !privateIp.get().equals(source)) {
            throw new LeaseRefusedException(Refusal.NOT_YOUR_INSTANCE, "this request comes from " + source
                    + ", which is not the private IP of instance " + instanceId + ": a worker may only protect or release "
                    + "its own instance (behind a proxy or NAT, set protection.requireSourceAddressMatch: false)");
        }
    }

    /** {@code ::ffff:10.0.1.23} is 10.0.1.23 reaching a dual-stack socket. */
    private static String unmapped(String address) {
        return address != null && address.startsWith("::ffff:") ? address.substring("::ffff:".length()) : address;
    }

    private static <T> T store(Supplier<T> write) {
        try {
            return write.get();
        } catch (LeaseRefusedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LeaseRefusedException(Refusal.UNAVAILABLE, "cannot store the lease: " + DatabaseFailure.describe(e)
                    + "; retry shortly", e);
        }
    }
}
