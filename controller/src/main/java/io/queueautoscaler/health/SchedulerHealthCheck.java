package io.queueautoscaler.health;

import com.codahale.metrics.health.HealthCheck;
import io.queueautoscaler.reconcile.PolicyRegistry;
import io.queueautoscaler.schedule.PolicyScheduler;
import java.util.HashSet;
import java.util.Set;

/** Unhealthy when the scheduler is down or a policy in force has no job. */
public final class SchedulerHealthCheck extends HealthCheck {
    private final PolicyScheduler scheduler;
    private final PolicyRegistry registry;

    public SchedulerHealthCheck(PolicyScheduler scheduler, PolicyRegistry registry) {
        this.scheduler = scheduler;
        this.registry = registry;
    }

    @Override
    protected Result check() {
        if (!scheduler.running()) {
            return Result.unhealthy("the policy scheduler is not running");
        }
        Set<String> missing = new HashSet<>();
        registry.all().forEach(p -> missing.add(p.name()));
        missing.removeAll(scheduler.scheduled());
        return missing.isEmpty()
                ? Result.healthy("%d policies scheduled", scheduler.scheduled().size())
                : Result.unhealthy("policies without a schedule: %s", missing);
    }
}
