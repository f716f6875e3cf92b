package io.queueautoscaler.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionInputs;
import io.queueautoscaler.history.Failure;
import io.queueautoscaler.history.InMemoryDecisionLog;
import io.queueautoscaler.history.Outcome;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.reconcile.PolicyRegistry;
import io.queueautoscaler.testing.PolicyBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A policy turns the check red after policyHealth.failedEvaluations (5) failed evaluations in a row, and green again at once. */
class PoliciesHealthCheckTest {
    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final ScalingPolicy policy = PolicyBuilder.policy().name("thumbnails").interval(10).build();
    private final PolicyFailures failures = new PolicyFailures(new InMemoryDecisionLog(100));
    private final PoliciesHealthCheck check;

    PoliciesHealthCheckTest() throws Exception {
        check = new PoliciesHealthCheck(new PolicyRegistry(() -> List.of(policy), clock), failures,
                new HealthConfiguration(), clock);
    }

    private void evaluate(Outcome outcome, Failure failure) {
        evaluate(outcome, failure, Duration.ofSeconds(10));
    }

    private void evaluate(Outcome outcome, Failure failure, Duration untilTheNext) {
        DecisionInputs inputs = failure == null ? DecisionInputs.NONE : DecisionInputs.NONE.failed(failure);
        failures.append(new Decision(0, "thumbnails", clock.instant(), 2, 2, 2, Action.NONE, outcome,
                failure == null ? Reason.LATENCY_TARGET : Reason.FLEET_UNAVAILABLE, "m", false, inputs, List.of()));
        clock.advance(untilTheNext);
    }

    @Test
    void evaluationsThatComeAMillisecondEarlyStillTurnItUnhealthyOnTheFifth() {
        Failure throttled = new Failure(Failure.Kind.FLEET, "Throttling (HTTP 400): Rate exceeded");
        for (int i = 0; i < 4; i++) {
            evaluate(Outcome.FAILED, throttled, Duration.ofMillis(9_999));
        }
        assertThat(check.execute().isHealthy()).isTrue();

        evaluate(Outcome.FAILED, throttled, Duration.ofMillis(9_999));

        assertThat(check.execute().isHealthy()).isFalse();
    }

    @Test
    void failingAwsCallsTurnItUnhealthyOnTheFifthEvaluationNamingThePolicyAndTheCause() {
        Failure throttled = new Failure(Failure.Kind.FLEET,
                "cannot describe Auto Scaling Group thumbnails-workers: Throttling (HTTP 400): Rate exceeded");
        for (int i = 0; i < 4; i++) {
            evaluate(Outcome.FAILED, throttled);
        }
        assertThat(check.execute().isHealthy()).isTrue();

        evaluate(Outcome.FAILED, throttled);

        HealthCheck.Result result = check.execute();
        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).contains("policy thumbnails", "AWS calls to Auto Scaling have failed",
                "Throttling (HTTP 400): Rate exceeded");

        evaluate(Outcome.UNCHANGED, null);
        assertThat(check.execute().isHealthy()).isTrue();
    }

    @Test
    void unreadableMetricsAndAFailedCapacityChangeAreCausesToo() {
        for (int i = 0; i < 5; i++) {
            evaluate(Outcome.FAILED, new Failure(Failure.Kind.METRICS, "cannot read the depth of queue jobs-high"));
        }
        assertThat(check.execute().getMessage()).contains("policy thumbnails: queue metrics have been unreadable",
                "cannot read the depth of queue jobs-high");

        for (int i = 0; i < 5; i++) {
            evaluate(Outcome.ACT_FAILED, null);
        }
        assertThat(check.execute().getMessage()).contains("AWS calls setting the group's capacity have failed");
    }

    @Test
    void aRunThisNodeNoLongerSeesIsNotCounted() {
        for (int i = 0; i < 5; i++) {
            evaluate(Outcome.FAILED, new Failure(Failure.Kind.FLEET, "Throttling"));
        }
        assertThat(check.execute().isHealthy()).isFalse();

        clock.advance(Duration.ofSeconds(50));

        assertThat(check.execute().isHealthy()).as("another node evaluates the policy now").isTrue();
    }
}
