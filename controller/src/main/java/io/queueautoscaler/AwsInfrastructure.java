package io.queueautoscaler;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.aws.AwsConfiguration;
import io.queueautoscaler.fleet.AsgFleet;
import io.queueautoscaler.fleet.AsgInstanceGroups;
import io.queueautoscaler.fleet.AsgLifecycleHooks;
import io.queueautoscaler.fleet.CachingFleet;
import io.queueautoscaler.fleet.Ec2InstanceAddresses;
import io.queueautoscaler.metrics.CloudWatchQueueMetrics;
import io.queueautoscaler.metrics.SqsQueueMetrics;
import java.time.Clock;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import java.util.Optional;

/** The daemon against AWS: clients from the SDK's default credential chain, closed when the daemon stops. */
final class AwsInfrastructure {
    private AwsInfrastructure() {
    }

    static Infrastructure build(AwsConfiguration config, Environment environment, Clock clock,
                                ExecutionInterceptor awsCalls) {
        AwsClients clients = AwsClients.fromDefaultChain(config).observedBy(awsCalls);
        environment.lifecycle().manage(new AutoCloseableManager(clients));
        return new Infrastructure(new CachingFleet(new AsgFleet(clients.autoScaling()), clock),
                new AsgInstanceGroups(clients.autoScaling()), new Ec2InstanceAddresses(clients.ec2(), clock),
                new SqsQueueMetrics(clients.sqs()), new CloudWatchQueueMetrics(clients.cloudWatch(), clock),
                Optional.of(new AsgLifecycleHooks(clients.autoScaling())));
    }
}
