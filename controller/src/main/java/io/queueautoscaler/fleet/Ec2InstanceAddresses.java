package io.queueautoscaler.fleet;

import io.queueautoscaler.aws.AwsError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * Private addresses from EC2 {@code DescribeInstances}, cached: a worker renews its lease every few
 * minutes and its address does not change while the instance lives.
 */
public final class Ec2InstanceAddresses implements InstanceAddresses {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    private final Ec2Client ec2;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public Ec2InstanceAddresses(Ec2Client ec2, Clock clock) {
        this(ec2, clock, DEFAULT_TTL);
    }

    public Ec2InstanceAddresses(Ec2Client ec2, Clock clock, Duration ttl) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("address cache TTL must be above zero, was " + ttl);
        }
        this.ttl = ttl;
    }

    @Override
    public Optional<String> privateIp(String instanceId) {
        Instant now = clock.instant();
        Entry entry = cache.get(instanceId);
        if (entry != null && now.isBefore(entry.expiresAt())) {
            return Optional.of(entry.privateIp());
        }
        cache.values().removeIf(old -> !now.isBefore(old.expiresAt()));
        Optional<String> ip = describe(instanceId);
        // Only found addresses are kept: right after launch EC2 may not know an instance yet, and
        // that answer must not stick for a whole TTL.
        ip.ifPresent(address -> cache.put(instanceId, new Entry(address, now.plus(ttl))));
        return ip;
    }

    private Optional<String> describe(String instanceId) {
        DescribeInstancesResponse response;
        try {
            response = ec2.describeInstances(request -> request.instanceIds(instanceId));
        } catch (SdkException e) {
            AwsError error = AwsError.of(e);
            if (error.code().startsWith("InvalidInstanceID")) {
                return Optional.empty(); // NotFound or Malformed: there is no such instance
            }
            throw new FleetException("DescribeInstances of instance " + instanceId + " failed: " + error, e);
        }
        return response.reservations().stream()
                .map(Reservation::instances)
                .flatMap(List::stream)
                .filter(instance -> instanceId.equals(instance.instanceId()))
                .map(Instance::privateIpAddress)
                .filter(Objects::nonNull)
                .findFirst();
    }

    private record Entry(String privateIp, Instant expiresAt) {
    }
}
