package io.queueautoscaler.health;

import com.codahale.metrics.health.HealthCheck;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionLog;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.reconcile.PolicyRegistry;
import io.queueautoscaler.schedule.PolicyScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unhealthy when the scheduler is down, a policy in force has no job, or a policy is late: no
 * decision of it, by any node of the cluster, for {@code policyHealth.failedEvaluations} of its
 * evaluation intervals (a policy is given that long from when this check first saw it).
 */
public final class SchedulerHealthCheck extends HealthCheck {
    private final PolicyScheduler scheduler;
    private final PolicyRegistry registry;
    private final DecisionLog decisions;
    private final HealthConfiguration config;
    private final Clock clock;
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

    public SchedulerHealthCheck(PolicyScheduler scheduler, PolicyRegistry registry, DecisionLog decisions,
                                HealthConfiguration config, Clock clock) {
        this.scheduler = scheduler;
        this.registry = registry;
        this.decisions = decisions;
        this.config = config;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        if (!scheduler.running()) {
            return Result.unhealthy("the policy scheduler is not running");
        }
        Collection<ScalingPolicy> policies = registry.all();
        Set<String> missing = new HashSet<>();
        policies.forEach(p -> missing.add(p.name()));
        missing.removeAll(scheduler.scheduled());
        if (!missing.isEmpty()) {
            return Result.unhealthy("policies without a schedule: %s", missing);
        }
        Instant now = clock.instant();
        List<String> names = policies.stream().map(ScalingPolicy::name).toList();
        firstSeen.keySet().retainAll(names);
        names.forEach(name -> firstSeen.putIfAbsent(name, now));
        Map<String, Decision> latest;
        try {
            latest = decisions.latest(names);
        } catch (RuntimeException e) {
            return Result.unhealthy("cannot tell whether the policies are evaluated on time, the decisions cannot be "
                    + "read from the database: %s", e.getMessage());
        }
        List<String> late = new ArrayList<>();
        for (ScalingPolicy policy : policies) {
            Decision last = latest.get(policy.name());
            Instant since = last == null ? firstSeen.get(policy.name()) : last.until().orElse(last.time());
            Duration silent = Duration.between(since, now);
            if (silent.compareTo(config.allowance(policy.evaluationIntervalSeconds())) > 0) {
                late.add(String.format("policy %s: late, no evaluation for %d s (every %d s expected; last %s)",
                        policy.name(), silent.toSeconds(), policy.evaluationIntervalSeconds(),
                        last == null ? "never" : since.toString()));
            }
        }
        return late.isEmpty()
                ? Result.healthy((scheduler.scheduled().size() == 1 ? "1 policy" : scheduler.scheduled().size() + " policies")
                        + " scheduled and evaluated on time")
                : Result.unhealthy("the scheduler is late (a node overloaded or stuck, or the database slow): "
                        + String.join("; ", late));
    }
}
