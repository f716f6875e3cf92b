package io.queueautoscaler.health;

import com.codahale.metrics.health.HealthCheck;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.recommend.Windows;
import io.queueautoscaler.reconcile.PolicyRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Unhealthy while the policies directory fails to load (the last good policies stay in force),
 * or while a policy's AWS calls have failed, or its queue metrics been unreadable, for
 * {@code policyHealth.failedEvaluations} of its evaluation intervals. A run of failures that this node
 * stopped seeing for as long (another node of the cluster evaluates the policy now) is not counted.
 */
public final class PoliciesHealthCheck extends HealthCheck {
    private final PolicyRegistry registry;
    private final PolicyFailures failures;
    private final HealthConfiguration config;
    private final Clock clock;

    public PoliciesHealthCheck(PolicyRegistry registry, PolicyFailures failures, HealthConfiguration config, Clock clock) {
        this.registry = registry;
        this.failures = failures;
        this.config = config;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        List<String> problems = new ArrayList<>();
        registry.loadError().ifPresent(e -> problems.add(String.format(
                "policy reload failed at %s, keeping %d policies in force: %s", e.at(), registry.all().size(), e.message())));
        Instant now = clock.instant();
        for (ScalingPolicy policy : registry.all()) {
            Duration allowed = config.allowance(policy.evaluationIntervalSeconds());
            Duration interval = Duration.ofSeconds(policy.evaluationIntervalSeconds());
            Duration jitter = Windows.jitter(policy.evaluationIntervalSeconds());
            failures.run(policy.name())
                    // Slack for evaluations that come a few milliseconds early or late, as the recommender's windows allow.
                    .filter(run -> run.span().plus(interval).plus(jitter).compareTo(allowed) >= 0)
                    .filter(run -> Duration.between(run.last(), now).compareTo(allowed) < 0)
                    .ifPresent(run -> problems.add(String.format(
                            "policy %s: %s for %d s (since %s; unhealthy from %d failed evaluations in a row); last: %s",
                            policy.name(), run.cause(), run.span().plus(interval).toSeconds(), run.since(),
                            config.getFailedEvaluations(), run.message())));
        }
        return problems.isEmpty()
                ? Result.healthy(registry.all().size() == 1 ? "1 policy loaded" : registry.all().size() + " policies loaded")
                : Result.unhealthy(String.join("; ", problems));
    }
}
