package io.queueautoscaler.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Policy files as an operator writes them, for a daemon under test to load from its policies directory. */
public final class PolicyFiles {
    private PolicyFiles() {
    }

    /**
     * Writes {@code <name>.yml}: the group {@code <name>-workers} (0 to 40 instances) scaled on the
     * backlog of the queue {@code <name>} at {@code sqsEndpoint}, 10 messages an instance,
     * evaluated every {@code intervalSeconds}.
     */
    public static void backlog(Path directory, String name, String sqsEndpoint, int intervalSeconds) throws IOException {
        Files.writeString(directory.resolve(name + ".yml"), """
                apiVersion: queue-autoscaler/v1
                kind: ScalingPolicy
                metadata: { name: %s }
                spec:
                  target: { autoScalingGroupName: %s-workers, minCapacity: 0, maxCapacity: 40 }
                  queues: [ { url: "%s/000000000000/%s" } ]
                  scaling: { mode: backlogPerInstance, targetBacklogPerInstance: 10 }
                  evaluationIntervalSeconds: %d
                """.formatted(name, name, sqsEndpoint, name, intervalSeconds));
    }
}
