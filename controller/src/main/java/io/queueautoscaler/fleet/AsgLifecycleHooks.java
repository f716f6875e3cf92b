package io.queueautoscaler.fleet;

import io.queueautoscaler.aws.AwsError;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHook;

/**
 * Lifecycle hooks with Auto Scaling's {@code DescribeLifecycleHooks},
 * {@code RecordLifecycleActionHeartbeat} and {@code CompleteLifecycleAction}. The actions name the
 * instance rather than the action token: the daemon finds waiting instances by describing their
 * group, not from the hook's notifications.
 */
public final class AsgLifecycleHooks implements LifecycleHooks {
    /** What Auto Scaling answers for an instance that does not wait on the hook. */
    private static final String NO_ACTION = "No active Lifecycle Action";

    private final AutoScalingClient autoScaling;

    public AsgLifecycleHooks(AutoScalingClient autoScaling) {
        this.autoScaling = Objects.requireNonNull(autoScaling, "autoScaling");
    }

    @Override
    public Optional<io.queueautoscaler.fleet.LifecycleHook> describe(String groupName, String hookName) {
        return call(() -> autoScaling.describeLifecycleHooks(request -> request
                        .autoScalingGroupName(groupName)
                        .lifecycleHookNames(hookName)),
                "DescribeLifecycleHooks of hook " + hookName + " in group " + groupName)
                .lifecycleHooks().stream()
                .filter(hook -> hookName.equals(hook.lifecycleHookName()))
                .findFirst()
                .map(hook -> hook(groupName, hook));
    }

    @Override
    public void heartbeat(io.queueautoscaler.fleet.LifecycleHook hook, String instanceId) {
        call(() -> autoScaling.recordLifecycleActionHeartbeat(request -> request
                        .autoScalingGroupName(hook.groupName())
                        .lifecycleHookName(hook.name())
                        .instanceId(instanceId)),
                "RecordLifecycleActionHeartbeat of instance " + instanceId + " on hook " + hook.name()
                        + " in group " + hook.groupName());
    }

    @Override
    public void complete(io.queueautoscaler.fleet.LifecycleHook hook, String instanceId) {
        call(() -> autoScaling.completeLifecycleAction(request -> request
                        .autoScalingGroupName(hook.groupName())
                        .lifecycleHookName(hook.name())
                        .instanceId(instanceId)
                        .lifecycleActionResult("CONTINUE")),
                "CompleteLifecycleAction CONTINUE of instance " + instanceId + " on hook " + hook.name()
                        + " in group " + hook.groupName());
    }

    /** The SDK's hook in the daemon's terms; a missing global timeout is AWS's default, 100 heartbeat timeouts or 48 h. */
    static io.queueautoscaler.fleet.LifecycleHook hook(String groupName, LifecycleHook hook) {
        Duration heartbeat = Duration.ofSeconds(hook.heartbeatTimeout() == null ? 3600 : hook.heartbeatTimeout());
        Duration global = hook.globalTimeout() != null ? Duration.ofSeconds(hook.globalTimeout())
                : min(heartbeat.multipliedBy(100), Duration.ofHours(48));
        return new io.queueautoscaler.fleet.LifecycleHook(groupName, hook.lifecycleHookName(),
                Objects.requireNonNullElse(hook.lifecycleTransition(), ""), heartbeat, global);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static <T> T call(Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (SdkException e) {
            AwsError error = AwsError.of(e);
            if (error.code().equals("ValidationError") && error.message().contains(NO_ACTION)) {
                throw new NoLifecycleActionException(what + ": the instance does not wait on the hook: " + error, e);
            }
            throw new FleetException(what + " failed: " + error, e);
        }
    }
}
