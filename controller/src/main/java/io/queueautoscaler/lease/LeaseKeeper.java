package io.queueautoscaler.lease;

import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.fleet.InstanceAddresses;
import io.queueautoscaler.lease.LeaseRefusedException.Refusal;
import io.queueautoscaler.policy.Protection;
import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What a worker may do with leases: take or renew one on its own instance, release it, read it.
 * The renewal of a live lease, the hot path, checks the request and touches memory only: no AWS
 * call and no database write (an address check, when on, is answered from its cache).
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

    /**
     * @param addresses present when a worker's request must come from its instance's private IP
     * @param nudge     asks the flusher to flush soon (a new lease waits for its protection)
     */
    public LeaseKeeper(Leases leases, ProtectionLedger ledger, InstanceLocator locator,
                       Function<String, Optional<ScalingPolicy>> policyForGroup, Optional<InstanceAddresses> addresses,
                       Runnable nudge) {
        this.leases = leases;
        this.ledger = ledger;
        this.locator = locator;
        this.policyForGroup = policyForGroup;
        this.addresses = addresses;
        this.nudge = nudge;
    }

    /** Takes or renews the lease on the instance; {@code leaseSeconds} empty means the policy's default. */
    public Lease protect(String instanceId, OptionalInt leaseSeconds, String sourceAddress) {
        checkId(instanceId);
        Optional<Lease> live = leases.find(instanceId);
        if (live.isPresent()) {
            ScalingPolicy policy = protectingPolicy(instanceId, live.get().autoScalingGroupName());
            Duration duration = duration(leaseSeconds, policy);
            checkSource(instanceId, sourceAddress);
            Optional<Lease> renewed = leases.renew(instanceId, duration);
            if (renewed.isPresent()) {
                return renewed.get();
            }
            // expired or released meanwhile: take a new one below
        }
        Optional<Instant> drainingSince = leases.drainingSince(instanceId);
        if (drainingSince.isPresent()) {
            throw new LeaseRefusedException(Refusal.CONFLICT, Leases.drainingMessage(instanceId, drainingSince.get()));
        }
        InstanceLocator.Location location = locator.locate(instanceId);
        ScalingPolicy policy = protectingPolicy(instanceId, location.policy().autoScalingGroupName());
        Duration duration = duration(leaseSeconds, policy);
        checkSource(instanceId, sourceAddress);
        boolean someoneElses = location.instance().protectedFromScaleIn() && !ledger.setByUs(instanceId);
        Lease lease = store(() -> leases.take(instanceId, policy.autoScalingGroupName(), duration, someoneElses));
        if (!lease.protectedFromScaleIn()) {
            nudge.run();
        }
        return lease;
    }

    /** Releases the instance's lease; false when there was none (releasing is idempotent). */
    public boolean release(String instanceId, String sourceAddress) {
        checkId(instanceId);
        if (leases.find(instanceId).isEmpty()) {
            return false;
        }
        checkSource(instanceId, sourceAddress);
        // No nudge: lifting the protection can wait for the regular flush, and a worker that takes a
        // new lease within that interval (a busy instance between two tasks) then costs no call at all.
        return store(() -> leases.release(instanceId));
    }

    public Optional<Lease> find(String instanceId) {
        checkId(instanceId);
        return leases.find(instanceId);
    }

    /** Whether the instance drains: held in Terminating:Wait until its leases end, taking no new one. */
    public boolean draining(String instanceId) {
        return leases.drainingSince(instanceId).isPresent();
    }

    public List<Lease> live() {
        return leases.live();
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
            throw new LeaseRefusedException(Refusal.UNAVAILABLE, "cannot store the lease; retry shortly: " + e.getMessage(), e);
        }
    }
}
