package io.queueautoscaler.reconcile;

import static io.queueautoscaler.testing.InMemoryFleet.inService;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.InMemoryDecisionLog;
import io.queueautoscaler.history.Outcome;
import io.queueautoscaler.intervention.Intervention;
import io.queueautoscaler.intervention.PolicyHold;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.recommend.Recommender;
import io.queueautoscaler.recommend.Stage;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.testing.InMemoryFleet;
import io.queueautoscaler.testing.PolicyBuilder;
import io.queueautoscaler.testing.StubQueueMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A pause or override in force: the policy is still evaluated and recorded, the operator decides the group. */
class OperatorHoldTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-11-26T14:00:00Z");
    private static final Intervention PAUSE = Intervention.pause(Optional.of("incident 42"), Optional.of(UNTIL), "ops",
            "127.0.0.1", NOW.minusSeconds(60));
    private static final Intervention OVERRIDE = Intervention.override(5, Optional.of("load test"), Optional.empty(), "alice",
            "127.0.0.1", NOW.minusSeconds(60));

    private final InMemoryFleet fleet = new InMemoryFleet()
            .group("workers", 0, 20, 2, inService("i-0000000000000000a"), inService("i-0000000000000000b"));
    private final StubQueueMetrics queues = new StubQueueMetrics();
    private final InMemoryDecisionLog log = new InMemoryDecisionLog(100);

    @BeforeEach
    void backlogThatWantsEight() {
        queues.depth(PolicyBuilder.QUEUE, 75, 5);
    }

    private Decision reconcile(PolicyHold hold, int maxCapacity) {
        return new Reconciler(source -> queues, fleet, log, group -> Map.of(), new Recommender(), new VirtualClock(NOW),
                (policy, now) -> policy.equals("jobs") && now.equals(NOW) ? hold : PolicyHold.NONE)
                .reconcile(PolicyBuilder.backlog("jobs", "workers", 0, maxCapacity).build());
    }

    @Test
    void aPauseRecordsWhatThePolicyWouldDoAndLeavesTheGroupAlone() {
        Decision d = reconcile(new PolicyHold(Optional.of(PAUSE), Optional.empty()), 20);

        assertThat(fleet.writes()).isEmpty();
        assertThat(d.reason()).isEqualTo(Reason.PAUSED);
        assertThat(d.action()).isEqualTo(Action.NONE);
        assertThat(d.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(d.desiredCapacity()).hasValue(2);
        assertThat(d.message()).startsWith("paused by ops until 2026-11-26T14:00:00Z (reason: incident 42); would scale out 2 -> 8: ");
        assertThat(d.stages()).extracting(Stage::name).endsWith("pause");
        assertThat(d.stages().get(d.stages().size() - 2).capacity()).as("the policy's own answer").isEqualTo(8);
        assertThat(log.all()).containsExactly(d);
    }

    @Test
    void anOverrideSetsTheGroupToTheHeldCapacityAndRecordsThePolicysAnswer() {
        Decision d = reconcile(new PolicyHold(Optional.empty(), Optional.of(OVERRIDE)), 20);

        assertThat(fleet.writes()).containsExactly("setDesired workers 5");
        assertThat(d.reason()).isEqualTo(Reason.OVERRIDDEN);
        assertThat(d.action()).isEqualTo(Action.SCALE_OUT);
        assertThat(d.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(d.desiredCapacity()).hasValue(5);
        assertThat(d.message()).startsWith("overridden to 5 by alice until resumed (reason: load test): scale out 2 -> 5; "
                + "the policy would scale out 2 -> 8: ");
    }

    @Test
    void anOverrideWinsOverAPause() {
        Decision d = reconcile(new PolicyHold(Optional.of(PAUSE), Optional.of(OVERRIDE)), 20);

        assertThat(d.reason()).isEqualTo(Reason.OVERRIDDEN);
        assertThat(fleet.writes()).containsExactly("setDesired workers 5");
    }

    @Test
    void anOverrideOutsideBoundsThatChangedSinceIsKeptWithinThemAndSaysSo() {
        Decision d = reconcile(new PolicyHold(Optional.empty(), Optional.of(OVERRIDE)), 4);

        assertThat(fleet.writes()).containsExactly("setDesired workers 4");
        assertThat(d.message()).contains("5 is outside the bounds [0, 4] of the policy and the group now, so 4");
    }

    @Test
    void withNothingHeldThePolicyDecidesAsUsual() {
        Decision d = reconcile(PolicyHold.NONE, 20);

        assertThat(d.reason()).isNotIn(Reason.PAUSED, Reason.OVERRIDDEN);
        assertThat(fleet.writes()).containsExactly("setDesired workers 8");
    }
}
