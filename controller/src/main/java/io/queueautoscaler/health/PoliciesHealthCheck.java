package io.queueautoscaler.health;

import com.codahale.metrics.health.HealthCheck;
import io.queueautoscaler.reconcile.PolicyRegistry;

/** Unhealthy while the policies directory fails to load (the last good policies stay in force). */
public final class PoliciesHealthCheck extends HealthCheck {
    private final PolicyRegistry registry;

    public PoliciesHealthCheck(PolicyRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected Result check() {
        return registry.loadError()
                .map(e -> Result.unhealthy("policy reload failed at %s, keeping %d policies in force: %s",
                        e.at(), registry.all().size(), e.message()))
                .orElseGet(() -> Result.healthy("%d policies loaded", registry.all().size()));
    }
}
