package io.queueautoscaler.drain;

import io.queueautoscaler.fleet.LifecycleHook;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One instance held in Terminating:Wait by a lifecycle hook, as the daemon follows it.
 *
 * @param since         when the daemon first saw it waiting: the hook's global timeout counts from
 *                      no later than this
 * @param lastHeartbeat the last heartbeat AWS accepted; empty before the first
 * @param completedAt   when the daemon let it go; it stays followed until it leaves its group
 */
public record Drain(String instanceId, LifecycleHook hook, Instant since, Optional<Instant> lastHeartbeat,
                    Optional<Instant> completedAt) {

    public Drain {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
        Objects.requireNonNull(completedAt, "completedAt");
    }

    public static Drain seen(String instanceId, LifecycleHook hook, Instant now) {
        return new Drain(instanceId, hook, now, Optional.empty(), Optional.empty());
    }

    /** What to do now, given whether the instance still holds a live lease. */
    public DrainStep next(boolean leased, Instant now, Duration margin) {
        if (completedAt.isPresent()) {
            return DrainStep.NOTHING;
        }
        if (!leased) {
            return DrainStep.COMPLETE_IDLE;
        }
        if (!now.isBefore(deadline().minus(margin))) {
            return DrainStep.COMPLETE_AT_DEADLINE;
        }
        // A third of the heartbeat timeout: two heartbeats in a row may fail before the wait times out.
        Duration every = hook.heartbeatTimeout().dividedBy(3);
        return lastHeartbeat.isEmpty() || !now.isBefore(lastHeartbeat.get().plus(every))
                ? DrainStep.HEARTBEAT : DrainStep.NOTHING;
    }

    /** When the hook's global timeout ends the wait, heartbeats or not. */
    public Instant deadline() {
        return since.plus(hook.globalTimeout());
    }

    public Drain heartbeatAt(Instant now) {
        return new Drain(instanceId, hook, since, Optional.of(now), completedAt);
    }

    public Drain completedAt(Instant now) {
        return new Drain(instanceId, hook, since, lastHeartbeat, Optional.of(now));
    }
}
