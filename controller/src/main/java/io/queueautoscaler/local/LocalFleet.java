package io.queueautoscaler.local;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.fleet.GroupState;
import io.queueautoscaler.fleet.InstanceAddresses;
import io.queueautoscaler.fleet.InstanceGroups;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An Auto Scaling Group look-alike whose instances are in-process workers. It keeps Auto
 * Scaling's rules: instances boot before they serve, scale-in never picks a protected
 * instance, and when only protected instances are left above desired, they stay until their
 * protection is lifted.
 */
public final class LocalFleet implements Fleet, InstanceGroups, InstanceAddresses, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFleet.class);
    /** Longest a stop waits for the workers' lease releases: one release is one request on loopback. */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(10);

    private final Clock clock;
    private final Duration boot;
    private final double serviceSeconds;
    private final SqsClient sqs;
    private final WorkerLease lease;
    private final LocalFleetMetrics metrics;
    private final SplittableRandom random = new SplittableRandom(7);
    /** Unseeded: like EC2's, an instance ID never comes back, not even after a restart that kept the leases. */
    private final SplittableRandom idRandom = new SplittableRandom();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private ScheduledExecutorService ticker;

    public LocalFleet(Clock clock, Duration boot, double serviceSeconds, SqsClient sqs, WorkerLease lease,
                      MetricRegistry metrics) {
        this.clock = clock;
        this.boot = boot;
        this.serviceSeconds = serviceSeconds;
        this.sqs = sqs;
        this.lease = lease;
        this.metrics = LocalFleetMetrics.of(metrics);
    }

    /** Creates a group with {@code initialCapacity} instances, or updates an existing group's spec. */
    public synchronized void define(LocalGroup spec, int initialCapacity) {
        Group group = groups.get(spec.name());
        if (group == null) {
            group = new Group(spec, spec.minSize() + Math.max(0, initialCapacity - spec.minSize()));
            groups.put(spec.name(), group);
            converge(group);
        } else {
            group.spec = spec;
        }
    }

    @Override
    public synchronized Map<String, GroupState> describe(Collection<String> groupNames) {
        Instant now = clock.instant();
        Map<String, GroupState> states = new LinkedHashMap<>();
        for (String name : groupNames) {
            Group g = groups.get(name);
            if (g != null) {
                List<FleetInstance> instances = g.instances.stream()
                        .map(i -> new FleetInstance(i.instanceId, i.inService(now) ? "InService" : "Pending",
                                i.protectedFromScaleIn))
                        .toList();
                states.put(name, new GroupState(name, g.spec.minSize(), g.spec.maxSize(), g.desired, instances));
            }
        }
        return states;
    }

    @Override
    public synchronized void setDesiredCapacity(String groupName, int desiredCapacity) {
        Group g = group(groupName);
        if (desiredCapacity < g.spec.minSize() || desiredCapacity > g.spec.maxSize()) {
            throw new FleetException("ValidationError: New SetDesiredCapacity value " + desiredCapacity
                    + " is outside the group's bounds [" + g.spec.minSize() + ", " + g.spec.maxSize() + "]");
        }
        g.desired = desiredCapacity;
        converge(g);
    }

    @Override
    public synchronized void setProtection(String groupName, List<String> instanceIds, boolean protectedFromScaleIn) {
        Group g = group(groupName);
        for (String id : instanceIds) {
            LocalInstance instance = g.instances.stream().filter(i -> i.instanceId.equals(id)).findFirst()
                    .orElseThrow(() -> new FleetException("ValidationError: The instance " + id
                            + " is not part of Auto Scaling group " + groupName));
            instance.protectedFromScaleIn = protectedFromScaleIn;
        }
        converge(g);
    }

    @Override
    public synchronized void terminateAndDecrement(String instanceId) {
        for (Group g : groups.values()) {
            for (LocalInstance instance : g.instances) {
                if (instance.instanceId.equals(instanceId)) {
                    if (g.desired <= g.spec.minSize()) {
                        throw new FleetException("ValidationError: Currently, desiredSize equals minSize ("
                                + g.spec.minSize() + "). Terminating instance without replacement will violate group's min size constraint.");
                    }
                    g.desired--;
                    remove(g, instance);
                    return;
                }
            }
        }
        throw new FleetException("ValidationError: Instance Id not found - No managed instance found for instance ID: " + instanceId);
    }

    @Override
    public synchronized Optional<String> groupOf(String instanceId) {
        return groups.values().stream()
                .filter(g -> g.instances.stream().anyMatch(i -> i.instanceId.equals(instanceId)))
                .map(g -> g.spec.name())
                .findFirst();
    }

    /** Local workers call from this machine: every local instance's address is loopback. */
    @Override
    public Optional<String> privateIp(String instanceId) {
        return groupOf(instanceId).map(group -> "127.0.0.1");
    }

    @Override
    public void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-fleet");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, 0, 500, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops every worker and waits (at most {@link #RELEASE_WAIT}) until they released their
     * leases: called while the daemon's HTTP port still answers, so that the releases reach it.
     */
    @Override
    public void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        List<LocalInstance> all;
        synchronized (this) {
            all = groups.values().stream().flatMap(g -> g.instances.stream()).toList();
        }
        all.forEach(LocalInstance::terminate);
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        while (all.stream().anyMatch(LocalInstance::holdsLease) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Starts the workers of instances that finished booting and retries pending scale-ins. */
    synchronized void tick() {
        Instant now = clock.instant();
        for (Group g : groups.values()) {
            for (LocalInstance instance : g.instances) {
                if (instance.inService(now) && !instance.started()) {
                    instance.start(g.spec, sqs, lease, serviceSeconds, random.nextLong(), metrics);
                }
            }
            converge(g);
        }
    }

    private void converge(Group g) {
        Instant now = clock.instant();
        while (g.instances.size() < g.desired) {
            LocalInstance instance = new LocalInstance(InstanceIds.next(idRandom), now, now.plus(boot));
            g.instances.add(instance);
            metrics.launched().inc();
            LOG.debug("local fleet: launched {} in {} ({} of {} desired)", instance.instanceId, g.spec.name(),
                    g.instances.size(), g.desired);
        }
        while (g.instances.size() > g.desired) {
            // Auto Scaling never picks a protected instance; prefer ones still booting, then idle ones.
            LocalInstance victim = g.instances.stream()
                    .filter(i -> !i.protectedFromScaleIn)
                    .min(Comparator.comparing((LocalInstance i) -> i.inService(now))
                            .thenComparing(i -> !i.idle())
                            .thenComparing(i -> i.launchedAt))
                    .orElse(null);
            if (victim == null) {
                return;
            }
            remove(g, victim);
        }
    }

    private void remove(Group g, LocalInstance instance) {
        g.instances.remove(instance);
        if (instance.inProtectedTask()) {
            metrics.terminatedWhileProtected().inc();
            LOG.warn("local fleet: {} in {} is terminated while a worker is in a task it began under protection",
                    instance.instanceId, g.spec.name());
        }
        metrics.terminated().inc();
        instance.terminate();
        LOG.debug("local fleet: terminated {} in {} ({} left, {} desired)", instance.instanceId, g.spec.name(),
                g.instances.size(), g.desired);
    }

    private Group group(String name) {
        Group g = groups.get(name);
        if (g == null) {
            throw new FleetException("ValidationError: AutoScalingGroup name not found - " + name);
        }
        return g;
    }

    private static final class Group {
        LocalGroup spec;
        int desired;
        final List<LocalInstance> instances = new ArrayList<>();

        Group(LocalGroup spec, int desired) {
            this.spec = spec;
            this.desired = desired;
        }
    }
}
