package io.queueautoscaler.fleet;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A group's lifecycle hook as Auto Scaling describes it: which transition it holds, how long an
 * instance waits without a heartbeat, and how long it may wait at most, heartbeats or not.
 *
 * @param transition       {@code autoscaling:EC2_INSTANCE_TERMINATING} for a hook that can drain
 * @param heartbeatTimeout the wait ends (with the default result) this long after the last heartbeat
 * @param globalTimeout    the wait ends this long after it began, whatever the heartbeats
 */
public record LifecycleHook(String groupName, String name, String transition, Duration heartbeatTimeout,
                            Duration globalTimeout) {
    public static final String TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";

    public LifecycleHook {
        Objects.requireNonNull(groupName, "groupName");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(transition, "transition");
        if (heartbeatTimeout.isNegative() || heartbeatTimeout.isZero()) {
            throw new IllegalArgumentException("hook " + name + ": heartbeat timeout must be above zero, was " + heartbeatTimeout);
        }
        if (globalTimeout.compareTo(heartbeatTimeout) < 0) {
            throw new IllegalArgumentException("hook " + name + ": global timeout " + globalTimeout
                    + " is below the heartbeat timeout " + heartbeatTimeout);
        }
    }

    public boolean holdsTermination() {
        return TERMINATING.equals(transition);
    }

    /**
     * What is wrong when a policy names hook {@code hookName} of {@code groupName} and the group has
     * {@code found} (none, or one that holds no termination), with the command that fixes it.
     */
    public static String cannotDrain(String groupName, String hookName, Optional<LifecycleHook> found) {
        return "a policy names lifecycle hook " + hookName + " (spec.protection.lifecycleHook), but group " + groupName
                + " has " + found.map(h -> "it on " + h.transition() + ", not on termination").orElse("no such hook")
                + ": terminating instances are not drained; create it with aws autoscaling put-lifecycle-hook "
                + "--auto-scaling-group-name " + groupName + " --lifecycle-hook-name " + hookName
                + " --lifecycle-transition " + TERMINATING + " --heartbeat-timeout 300";
    }
}
