package io.queueautoscaler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.fleet.GroupState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fleet in memory for tests: groups, instances, the calls made, failures on demand, and
 * describes that can be held until the test releases them (to run something while one is in
 * flight).
 */
public final class InMemoryFleet implements Fleet {
    private final Map<String, GroupState> groups = new LinkedHashMap<>();
    private final List<Set<String>> describes = new ArrayList<>();
    public final List<String> calls = new ArrayList<>();
    public volatile RuntimeException failDescribe;
    public volatile RuntimeException failWrites;
    private volatile CountDownLatch describeStarted = new CountDownLatch(0);
    private volatile CountDownLatch describeGate = new CountDownLatch(0);

    public synchronized InMemoryFleet group(String name, int min, int max, int desired, FleetInstance... instances) {
        groups.put(name, new GroupState(name, min, max, desired, List.of(instances)));
        return this;
    }

    public synchronized GroupState state(String name) {
        return groups.get(name);
    }

    @Override
    public Map<String, GroupState> describe(Collection<String> groupNames) {
        Map<String, GroupState> found = new LinkedHashMap<>();
        RuntimeException failure;
        synchronized (this) {
            calls.add("describe " + groupNames);
            describes.add(Set.copyOf(groupNames));
            failure = failDescribe;
            groupNames.stream().filter(groups::containsKey).forEach(n -> found.put(n, groups.get(n)));
        }
        // Held outside the lock, so that writes can go through while this describe is in flight.
        describeStarted.countDown();
        try {
            describeGate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a describe was held", e);
        }
        if (failure != null) {
            throw failure;
        }
        return found;
    }

    /** The groups of each describe so far, in order. */
    public synchronized List<Set<String>> describes() {
        return List.copyOf(describes);
    }

    /** Holds the next describe, after it has read the groups, until {@link #releaseDescribes()}. */
    public void holdDescribes() {
        describeStarted = new CountDownLatch(1);
        describeGate = new CountDownLatch(1);
    }

    public void awaitDescribeStarted() throws InterruptedException {
        assertThat(describeStarted.await(30, TimeUnit.SECONDS)).as("a describe started").isTrue();
    }

    public void releaseDescribes() {
        describeGate.countDown();
    }

    @Override
    public synchronized void setDesiredCapacity(String groupName, int desiredCapacity) {
        calls.add("setDesired " + groupName + " " + desiredCapacity);
        write();
        GroupState g = groups.get(groupName);
        groups.put(groupName, new GroupState(groupName, g.minSize(), g.maxSize(), desiredCapacity, g.instances()));
    }

    @Override
    public synchronized void setProtection(String groupName, List<String> instanceIds, boolean protectedFromScaleIn) {
        calls.add("protect " + groupName + " " + instanceIds + " " + protectedFromScaleIn);
        write();
        GroupState g = groups.get(groupName);
        List<FleetInstance> instances = g.instances().stream()
                .map(i -> instanceIds.contains(i.instanceId())
                        ? new FleetInstance(i.instanceId(), i.lifecycleState(), protectedFromScaleIn) : i)
                .toList();
        groups.put(groupName, new GroupState(groupName, g.minSize(), g.maxSize(), g.desiredCapacity(), instances));
    }

    @Override
    public synchronized void terminateAndDecrement(String instanceId) {
        calls.add("terminate " + instanceId);
        write();
        for (GroupState g : List.copyOf(groups.values())) {
            if (g.instances().stream().anyMatch(i -> i.instanceId().equals(instanceId))) {
                List<FleetInstance> rest = g.instances().stream().filter(i -> !i.instanceId().equals(instanceId)).toList();
                groups.put(g.name(), new GroupState(g.name(), g.minSize(), g.maxSize(), g.desiredCapacity() - 1, rest));
                return;
            }
        }
        throw new FleetException("ValidationError: Instance Id not found - " + instanceId);
    }

    public synchronized List<String> writes() {
        return calls.stream().filter(c -> !c.startsWith("describe")).toList();
    }

    private void write() {
        if (failWrites != null) {
            throw failWrites;
        }
    }

    public static FleetInstance inService(String id) {
        return new FleetInstance(id, "InService", false);
    }
}
