package io.queueautoscaler;

import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.InstanceAddresses;
import io.queueautoscaler.fleet.InstanceGroups;
import io.queueautoscaler.fleet.LifecycleHooks;
import io.queueautoscaler.metrics.QueueMetrics;
import io.queueautoscaler.policy.MetricsSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * What the daemon observes and acts through: the groups, their instances' addresses, the queue
 * depth from SQS or CloudWatch, and the groups' lifecycle hooks where there are any (the local
 * fleet has none). {@link AwsInfrastructure} builds the real one, {@link LocalInfrastructure} the
 * embedded default.
 */
record Infrastructure(Fleet fleet, InstanceGroups instanceGroups, InstanceAddresses instanceAddresses,
                      QueueMetrics sqs, QueueMetrics cloudWatch, Optional<LifecycleHooks> lifecycleHooks) {
    Infrastructure {
        Objects.requireNonNull(lifecycleHooks, "lifecycleHooks");
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(instanceGroups, "instanceGroups");
        Objects.requireNonNull(instanceAddresses, "instanceAddresses");
        Objects.requireNonNull(sqs, "sqs");
        Objects.requireNonNull(cloudWatch, "cloudWatch");
    }

    QueueMetrics metrics(MetricsSpec.Source source) {
        return source == MetricsSpec.Source.cloudwatch ? cloudWatch : sqs;
    }
}
