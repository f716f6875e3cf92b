package io.queueautoscaler.fleet;

import io.queueautoscaler.aws.AwsError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.Instance;

/**
 * The fleet as EC2 Auto Scaling groups. Every call is batched to the API's limits, since all Auto
 * Scaling calls of an account and region draw on one throttling bucket.
 */
public final class AsgFleet implements Fleet {

    static final int MAX_NAMES_PER_DESCRIBE = 100;
    static final int MAX_RECORDS = 100;
    static final int MAX_INSTANCES_PER_PROTECTION_CALL = 50;

    private final AutoScalingClient autoScaling;

    public AsgFleet(AutoScalingClient autoScaling) {
        this.autoScaling = Objects.requireNonNull(autoScaling, "autoScaling");
    }

    @Override
    public Map<String, GroupState> describe(Collection<String> groupNames) {
        // No names means no call: AWS reads an empty name list as "every group of the account".
        List<String> names = List.copyOf(new LinkedHashSet<>(groupNames));
        Map<String, GroupState> groups = new LinkedHashMap<>();
        for (List<String> chunk : chunks(names, MAX_NAMES_PER_DESCRIBE)) {
            String nextToken = null;
            do {
                String token = nextToken;
                DescribeAutoScalingGroupsResponse page = call(
                        () -> autoScaling.describeAutoScalingGroups(request -> request
                                .autoScalingGroupNames(chunk)
                                .maxRecords(MAX_RECORDS)
                                .nextToken(token)),
                        "DescribeAutoScalingGroups of groups " + chunk);
                page.autoScalingGroups().forEach(group -> groups.put(group.autoScalingGroupName(), groupState(group)));
                nextToken = page.nextToken();
            } while (nextToken != null && !nextToken.isEmpty());
        }
        return groups;
    }

    @Override
    public void setDesiredCapacity(String groupName, int desiredCapacity) {
        call(() -> autoScaling.setDesiredCapacity(request -> request
                        .autoScalingGroupName(groupName)
                        .desiredCapacity(desiredCapacity)
                        // The policy has its own stabilization; the group's cooldown must not veto it.
                        .honorCooldown(false)),
                "SetDesiredCapacity of group " + groupName + " to " + desiredCapacity);
    }

    @Override
    public void setProtection(String groupName, List<String> instanceIds, boolean protectedFromScaleIn) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(instanceIds));
        int done = 0;
        for (List<String> chunk : chunks(ids, MAX_INSTANCES_PER_PROTECTION_CALL)) {
            String partial = done == 0 ? "" : " (the first " + done + " of " + ids.size() + " instances were changed)";
            call(() -> autoScaling.setInstanceProtection(request -> request
                            .autoScalingGroupName(groupName)
                            .instanceIds(chunk)
                            .protectedFromScaleIn(protectedFromScaleIn)),
                    "SetInstanceProtection " + protectedFromScaleIn + " of instances " + chunk
                            + " in group " + groupName + partial);
            done += chunk.size();
        }
    }

    @Override
    public void terminateAndDecrement(String instanceId) {
        call(() -> autoScaling.terminateInstanceInAutoScalingGroup(request -> request
                        .instanceId(instanceId)
                        .shouldDecrementDesiredCapacity(true)),
                "TerminateInstanceInAutoScalingGroup of instance " + instanceId);
    }

    /** The SDK's view of a group, in the daemon's terms. */
    static GroupState groupState(AutoScalingGroup group) {
        List<FleetInstance> instances = new ArrayList<>();
        for (Instance instance : group.instances()) {
            instances.add(new FleetInstance(
                    instance.instanceId(),
                    instance.lifecycleStateAsString(),
                    Boolean.TRUE.equals(instance.protectedFromScaleIn())));
        }
        return new GroupState(
                group.autoScalingGroupName(),
                group.minSize(),
                group.maxSize(),
                group.desiredCapacity(),
                instances);
    }

    private static <T> T call(Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new FleetException(what + " failed: " + AwsError.of(e), e);
        }
    }

    private static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return chunks;
    }
}
