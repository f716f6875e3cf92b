package io.queueautoscaler.testing;

import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.fleet.GroupState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fleet in memory for tests: groups, instances, the calls made, and failures on demand. */
public final class InMemoryFleet implements Fleet {
    private final Map<String, GroupState> groups = new LinkedHashMap<>();
    public final List<String> calls = new ArrayList<>();
    public RuntimeException failDescribe;
    public RuntimeException failWrites;

    public synchronized InMemoryFleet group(String name, int min, int max, int desired, FleetInstance... instances) {
        groups.put(name, new GroupState(name, min, max, desired, List.of(instances)));
        return this;
    }

    public synchronized GroupState state(String name) {
        return groups.get(name);
    }

    @Override
    public synchronized Map<String, GroupState> describe(Collection<String> groupNames) {
        calls.add("describe " + groupNames);
        if (failDescribe != null) {
            throw failDescribe;
        }
        Map<String, GroupState> found = new LinkedHashMap<>();
        groupNames.stream().filter(groups::containsKey).forEach(n -> found.put(n, groups.get(n)));
        return found;
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
