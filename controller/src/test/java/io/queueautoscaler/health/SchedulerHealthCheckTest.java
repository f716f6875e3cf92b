package io.queueautoscaler.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionInputs;
import io.queueautoscaler.history.InMemoryDecisionLog;
import io.queueautoscaler.history.Outcome;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.reconcile.PolicyRegistry;
import io.queueautoscaler.schedule.PolicyScheduler;
import io.queueautoscaler.testing.PolicyBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A policy no node has evaluated for policyHealth.failedEvaluations (5) of its intervals makes the scheduler late. */
class SchedulerHealthCheckTest {
    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final ScalingPolicy policy = PolicyBuilder.policy().name("thumbnails").interval(60).build();
    private final InMemoryDecisionLog decisions = new InMemoryDecisionLog(10);
    private PolicyScheduler scheduler;

    @AfterEach
    void stop() throws Exception {
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    @Test
    void aPolicyWithoutEvaluationsForFiveIntervalsIsLateAndNamed() throws Exception {
        // The ticks run, but record nothing: as if every one were stuck or lost.
        scheduler = PolicyScheduler.inMemory(tick -> { }, 1);
        scheduler.sync(List.of(policy));
        scheduler.start();
        SchedulerHealthCheck check = new SchedulerHealthCheck(scheduler,
                new PolicyRegistry(() -> List.of(policy), clock), decisions, new HealthConfiguration(), clock);
        assertThat(check.execute().isHealthy()).as("a policy is given five intervals from when it is first seen").isTrue();

        clock.advance(Duration.ofSeconds(301));

        HealthCheck.Result late = check.execute();
        assertThat(late.isHealthy()).isFalse();
        assertThat(late.getMessage()).contains("the scheduler is late", "policy thumbnails: late, no evaluation for 301 s",
                "last never");

        decisions.append(new Decision(0, "thumbnails", clock.instant(), 2, 2, 2, Action.NONE, Outcome.UNCHANGED,
                Reason.LATENCY_TARGET, "m", false, DecisionInputs.NONE, List.of()));
        assertThat(check.execute().isHealthy()).isTrue();
    }
}
