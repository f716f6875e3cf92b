package io.queueautoscaler.sim;

import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.fleet.GroupState;
import io.queueautoscaler.policy.Target;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Auto Scaling Group over the simulated cluster, behaving as the daemon's {@link Fleet} and as
 * the group every baseline drives. A desired capacity above the instances launches the difference
 * at once; below it, instances go in this order: booting ones (newest first; they hold no work),
 * then idle in-service ones (newest first), then busy ones (fewest busy slots, newest first), which
 * drain rather than die mid-message, as workers that hold scale-in protection while busy would.
 * Protected instances are never picked: the group then stays above desired, as Auto Scaling does.
 */
public final class SimFleet implements Fleet {
    private final Target target;
    private final Cluster cluster;
    private final Set<Integer> protectedInstances = new HashSet<>();
    private int desired;

    SimFleet(Target target, Cluster cluster, int initialCapacity) {
        this.target = target;
        this.cluster = cluster;
        this.desired = target.clamp(initialCapacity);
        converge();
    }

    public String groupName() {
        return target.autoScalingGroupName();
    }

    public int desired() {
        return desired;
    }

    public Target target() {
        return target;
    }

    /** Sets desired capacity within the group's bounds, as a scaling policy's action does. */
    public void scaleTo(int capacity) {
        setDesiredCapacity(groupName(), target.clamp(capacity));
    }

    @Override
    public Map<String, GroupState> describe(Collection<String> groupNames) {
        if (!groupNames.contains(groupName())) {
            return Map.of();
        }
        List<FleetInstance> instances = new ArrayList<>();
        BitSet alive = cluster.alive();
        for (int i = alive.nextSetBit(0); i >= 0; i = alive.nextSetBit(i + 1)) {
            String lifecycle = cluster.isBooting(i) ? "Pending" : cluster.isServing(i) ? "InService" : "Terminating:Wait";
            instances.add(new FleetInstance(instanceId(i), lifecycle, protectedInstances.contains(i)));
        }
        return Map.of(groupName(), new GroupState(groupName(), target.minCapacity(), target.maxCapacity(), desired, instances));
    }

    @Override
    public void setDesiredCapacity(String groupName, int desiredCapacity) {
        requireGroup(groupName);
        if (desiredCapacity < target.minCapacity() || desiredCapacity > target.maxCapacity()) {
            throw new FleetException("desired capacity " + desiredCapacity + " of group " + groupName
                    + " is outside its bounds [" + target.minCapacity() + ", " + target.maxCapacity() + "]");
        }
        desired = desiredCapacity;
        converge();
    }

    @Override
    public void setProtection(String groupName, List<String> instanceIds, boolean protectedFromScaleIn) {
        requireGroup(groupName);
        for (String id : instanceIds) {
            int instance = instanceIndex(id);
            if (protectedFromScaleIn) {
                protectedInstances.add(instance);
            } else {
                protectedInstances.remove(instance);
            }
        }
        converge();
    }

    @Override
    public void terminateAndDecrement(String instanceId) {
        int instance = instanceIndex(instanceId);
        if (cluster.isDraining(instance)) {
            throw new FleetException("instance " + instanceId + " is already terminating");
        }
        if (desired - 1 < target.minCapacity()) {
            throw new FleetException("terminating " + instanceId + " would take group " + groupName()
                    + " below its minimum " + target.minCapacity());
        }
        desired--;
        protectedInstances.remove(instance);
        cluster.retire(instance);
        converge();
    }

    private void converge() {
        int capacity = cluster.capacity();
        for (; capacity < desired; capacity++) {
            cluster.launch();
        }
        if (capacity > desired) {
            for (int instance : victims(capacity - desired)) {
                cluster.retire(instance);
            }
        }
    }

    private List<Integer> victims(int count) {
        List<Integer> candidates = new ArrayList<>();
        BitSet alive = cluster.alive();
        for (int i = alive.nextSetBit(0); i >= 0; i = alive.nextSetBit(i + 1)) {
            if (!cluster.isDraining(i) && !protectedInstances.contains(i)) {
                candidates.add(i);
            }
        }
        candidates.sort(Comparator.<Integer>comparingInt(i -> cluster.isBooting(i) ? 0 : cluster.busy(i) == 0 ? 1 : 2)
                .thenComparingInt(cluster::busy)
                .thenComparing(Comparator.<Integer>naturalOrder().reversed()));
        return candidates.subList(0, Math.min(count, candidates.size()));
    }

    private void requireGroup(String groupName) {
        if (!groupName().equals(groupName)) {
            throw new FleetException("Auto Scaling Group " + groupName + " does not exist; the simulation has "
                    + groupName());
        }
    }

    static String instanceId(int instance) {
        return String.format("i-%08d", instance);
    }

    private int instanceIndex(String instanceId) {
        try {
            int instance = Integer.parseInt(instanceId.substring(2));
            if (instanceId.startsWith("i-") && cluster.isAlive(instance)) {
                return instance;
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            // falls through to the error below
        }
        throw new FleetException("instance " + instanceId + " is not in group " + groupName());
    }
}
