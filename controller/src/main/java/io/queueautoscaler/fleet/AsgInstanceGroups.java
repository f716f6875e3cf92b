package io.queueautoscaler.fleet;

import io.queueautoscaler.aws.AwsError;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingInstancesResponse;

/** Instance to group with Auto Scaling's {@code DescribeAutoScalingInstances}, which needs no group name. */
public final class AsgInstanceGroups implements InstanceGroups {
    private final AutoScalingClient autoScaling;

    public AsgInstanceGroups(AutoScalingClient autoScaling) {
        this.autoScaling = Objects.requireNonNull(autoScaling, "autoScaling");
    }

    @Override
    public Optional<String> groupOf(String instanceId) {
        DescribeAutoScalingInstancesResponse response;
        try {
            response = autoScaling.describeAutoScalingInstances(request -> request.instanceIds(instanceId));
        } catch (SdkException e) {
            throw new FleetException("DescribeAutoScalingInstances of instance " + instanceId + " failed: " + AwsError.of(e), e);
        }
        return response.autoScalingInstances().stream()
                .filter(details -> instanceId.equals(details.instanceId()))
                .map(AutoScalingInstanceDetails::autoScalingGroupName)
                .filter(Objects::nonNull)
                .findFirst();
    }
}
