package io.queueautoscaler.drain;

import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.fleet.GroupState;
import io.queueautoscaler.fleet.LifecycleHook;
import io.queueautoscaler.fleet.LifecycleHooks;
import io.queueautoscaler.fleet.NoLifecycleActionException;
import io.queueautoscaler.lease.DrainingInstances;
import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains instances on any termination, not only scale-in: scale-in protection does not stop a
 * health replacement, a rebalancing or a person terminating an instance, but a termination
 * lifecycle hook holds every terminating instance in Terminating:Wait. For each policy that names
 * its group's hook ({@code protection.lifecycleHook}), every tick finds the group's waiting
 * instances and, for each: marks it draining (no new lease), then sends a heartbeat while any
 * holder's lease is live, and completes the wait with CONTINUE when the last lease ends or
 * expires, or when the hook's global timeout is near. An instance with no live lease is let go at
 * once.
 */
public final class Drainer {
    private static final Logger LOG = LoggerFactory.getLogger(Drainer.class);
    static final String WAITING = "Terminating:Wait";
    /** How long a described hook is trusted: an operator may change its timeouts. */
    static final Duration HOOK_TTL = Duration.ofMinutes(5);

    private record HookKey(String group, String hook) {
    }

    private record CachedHook(Optional<LifecycleHook> hook, Instant at) {
    }

    private final Supplier<Collection<ScalingPolicy>> policies;
    private final Fleet fleet;
    private final LifecycleHooks hooks;
    private final DrainingInstances leases;
    private final Clock clock;
    private final Duration margin;
    private final Map<String, Drain> drains = new LinkedHashMap<>();
    private final Map<HookKey, CachedHook> described = new HashMap<>();
    private final Set<HookKey> reported = new HashSet<>();

    /**
     * @param interval how often {@link #tick} runs
     * @param margin   how long before the hook's global timeout the wait is completed
     */
    public Drainer(Supplier<Collection<ScalingPolicy>> policies, Fleet fleet, LifecycleHooks hooks, DrainingInstances leases,
                   Clock clock, Duration interval, Duration margin) {
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("the drain interval must be at least 10 ms, was " + interval);
        }
        if (margin.compareTo(interval) < 0) {
            throw new IllegalArgumentException("the deadline margin " + margin + " must be at least the interval " + interval
                    + ", or a tick may come too late");
        }
        this.policies = policies;
        this.fleet = fleet;
        this.hooks = hooks;
        this.leases = leases;
        this.clock = clock;
        this.margin = margin;
    }

    /** The instances followed now, by instance ID. */
    public synchronized Map<String, Drain> drains() {
        return Map.copyOf(drains);
    }

    /** One pass over every drained group; never throws: what fails is tried again at the next tick. */
    public synchronized void tick() {
        try {
            drainAll(clock.instant());
        } catch (RuntimeException e) {
            LOG.error("drain tick failed; the next tick tries again: {}", e.toString());
            LOG.debug("drain tick failure", e);
        }
    }

    private void drainAll(Instant now) {
        Map<String, String> hookOfGroup = new LinkedHashMap<>();
        for (ScalingPolicy policy : policies.get()) {
            if (policy.protection().enabled()) {
                policy.protection().lifecycleHook().ifPresent(hook -> hookOfGroup.put(policy.autoScalingGroupName(), hook));
            }
        }
        Map<String, GroupState> groups = Map.of();
        if (!hookOfGroup.isEmpty()) {
            try {
                groups = fleet.describe(hookOfGroup.keySet());
            } catch (FleetException e) {
                LOG.warn("cannot describe the drained groups {}; draining resumes at the next tick: {}",
                        hookOfGroup.keySet(), e.getMessage());
                return;
            }
        }
        for (Map.Entry<String, String> entry : hookOfGroup.entrySet()) {
            GroupState group = groups.get(entry.getKey());
            if (group != null) {
                hook(entry.getKey(), entry.getValue(), now).ifPresent(hook -> drain(group, hook, now));
            }
        }
        forgetLeft(groups, hookOfGroup);
    }

    private void drain(GroupState group, LifecycleHook hook, Instant now) {
        for (FleetInstance instance : group.instances()) {
            if (!instance.lifecycleState().equals(WAITING)) {
                continue;
            }
            String id = instance.instanceId();
            Drain drain = drains.get(id);
            if (drain == null) {
                drain = Drain.seen(id, hook, now);
                LOG.info("instance {} of group {} waits on lifecycle hook {}: draining, it takes no new lease", id,
                        group.name(), hook.name());
            }
            leases.markDraining(id);
            drains.put(id, act(drain, leases.hasLiveHolders(id), now));
        }
    }

    private Drain act(Drain drain, boolean leased, Instant now) {
        DrainStep step = drain.next(leased, now, margin);
        String id = drain.instanceId();
        LifecycleHook hook = drain.hook();
        try {
            switch (step) {
                case NOTHING -> {
                    return drain;
                }
                case HEARTBEAT -> {
                    hooks.heartbeat(hook, id);
                    return drain.heartbeatAt(now);
                }
                case COMPLETE_IDLE, COMPLETE_AT_DEADLINE -> {
                    hooks.complete(hook, id);
                    LOG.info("instance {} of group {}: lifecycle action completed (CONTINUE) after {} s of draining: {}",
                            id, hook.groupName(), Duration.between(drain.since(), now).toSeconds(),
                            step == DrainStep.COMPLETE_IDLE ? "no live lease left"
                                    : "hook " + hook.name() + "'s global timeout of " + hook.globalTimeout().toSeconds()
                                    + " s ends at " + drain.deadline() + "; its leases are still live, their work is cut short");
                    return drain.completedAt(now);
                }
                default -> throw new IllegalStateException("unknown drain step " + step);
            }
        } catch (NoLifecycleActionException e) {
            LOG.info("instance {} of group {} no longer waits on hook {} (completed by someone else, timed out, or gone)",
                    id, hook.groupName(), hook.name());
            return drain.completedAt(now);
        } catch (FleetException e) {
            LOG.warn("instance {} of group {}: {} failed, retrying at the next tick (global timeout ends at {}): {}",
                    id, hook.groupName(), step, drain.deadline(), e.getMessage());
            return drain;
        }
    }

    private Optional<LifecycleHook> hook(String group, String name, Instant now) {
        HookKey key = new HookKey(group, name);
        CachedHook cached = described.get(key);
        if (cached == null || !now.isBefore(cached.at().plus(HOOK_TTL))) {
            try {
                cached = new CachedHook(hooks.describe(group, name), now);
                described.put(key, cached);
            } catch (FleetException e) {
                if (cached == null) {
                    LOG.warn("cannot describe lifecycle hook {} of group {}; draining waits for the next tick: {}",
                            name, group, e.getMessage());
                    return Optional.empty();
                }
                LOG.warn("cannot describe lifecycle hook {} of group {}; using its description of {}: {}",
                        name, group, cached.at(), e.getMessage());
            }
        }
        Optional<LifecycleHook> hook = cached.hook().filter(LifecycleHook::holdsTermination);
        if (hook.isEmpty() && reported.add(key)) {
            LOG.warn(LifecycleHook.cannotDrain(group, name, cached.hook()));
        } else if (hook.isPresent()) {
            reported.remove(key);
        }
        return hook;
    }

    /**
     * Instances that left their group (or whose group is no longer drained) are no longer followed;
     * their draining mark stays in the store until it goes stale, refusing leases on a terminated instance.
     */
    private void forgetLeft(Map<String, GroupState> groups, Map<String, String> hookOfGroup) {
        Set<String> present = groups.values().stream().flatMap(g -> g.instances().stream())
                .map(FleetInstance::instanceId).collect(Collectors.toSet());
        List<String> gone = drains.values().stream()
                .filter(d -> !hookOfGroup.containsKey(d.hook().groupName()) || groups.containsKey(d.hook().groupName())
                        && !present.contains(d.instanceId()))
                .map(Drain::instanceId).toList();
        gone.forEach(drains::remove);
    }

}
