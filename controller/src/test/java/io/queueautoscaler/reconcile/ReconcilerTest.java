package io.queueautoscaler.reconcile;

import static io.queueautoscaler.testing.InMemoryFleet.inService;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.Failure;
import io.queueautoscaler.history.InMemoryDecisionLog;
import io.queueautoscaler.history.Outcome;
import io.queueautoscaler.lease.LeaseView;
import io.queueautoscaler.metrics.MetricsUnavailableException;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.recommend.Recommender;
import io.queueautoscaler.policy.ScaleInMode;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.testing.InMemoryFleet;
import io.queueautoscaler.testing.PolicyBuilder;
import io.queueautoscaler.testing.StubQueueMetrics;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final InMemoryFleet fleet = new InMemoryFleet()
            .group("workers", 0, 20, 2, inService("i-0000000000000000a"), inService("i-0000000000000000b"));
    private final StubQueueMetrics queues = new StubQueueMetrics();
    private final InMemoryDecisionLog log = new InMemoryDecisionLog(100);
    private LeaseView leases = group -> Map.of();

    private Reconciler reconciler() {
        return new Reconciler(source -> queues, fleet, log, leases, new Recommender(), new VirtualClock(NOW));
    }

    @Test
    void scalesOutWhenBacklogNeedsMoreAndRecordsWhy() {
        queues.depth(PolicyBuilder.QUEUE, 75, 5);

        Decision d = reconciler().reconcile(PolicyBuilder.backlog("jobs", "workers", 0, 20).build());

        assertThat(fleet.writes()).containsExactly("setDesired workers 8");
        assertThat(d.action()).isEqualTo(Action.SCALE_OUT);
        assertThat(d.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(d.message()).startsWith("scale out 2 -> 8");
        assertThat(d.inputs().fleet()).isPresent();
        assertThat(d.inputs().queues()).extracting(QueueDepth::visible).containsExactly(75L);
        assertThat(log.all()).containsExactly(d);
    }

    @Test
    void recordsButDoesNotCallAwsWhenNothingChanges() {
        queues.depth(PolicyBuilder.QUEUE, 20, 0);

        Decision d = reconciler().reconcile(PolicyBuilder.backlog("jobs", "workers", 0, 20).build());

        assertThat(fleet.writes()).isEmpty();
        assertThat(d.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(log.all()).hasSize(1);
    }

    @Test
    void dryRunRecordsWhatItWouldDoAndNeverActs() {
        queues.depth(PolicyBuilder.QUEUE, 100, 0);

        Decision d = reconciler().reconcile(PolicyBuilder.backlog("jobs", "workers", 0, 20).dryRun(true).build());

        assertThat(fleet.writes()).isEmpty();
        assertThat(d.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(d.desiredCapacity()).hasValue(10);
        assertThat(d.dryRun()).isTrue();
    }

    @Test
    void failedMetricsHoldCapacityAndAreRecordedAsFailed() {
        queues.failure = new MetricsUnavailableException("queue jobs: Throttling: Rate exceeded");

        Decision d = reconciler().reconcile(PolicyBuilder.backlog("jobs", "workers", 0, 20).build());

        assertThat(fleet.writes()).isEmpty();
        assertThat(d.action()).isEqualTo(Action.NONE);
        assertThat(d.actionName()).isEqualTo("FAILED");
        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.reason()).isEqualTo(Reason.METRICS_FAILED_HOLD);
        assertThat(d.inputs().failure()).contains(new Failure(Failure.Kind.METRICS, "queue jobs: Throttling: Rate exceeded"));
        assertThat(d.desiredCapacity()).hasValue(2);
        assertThat(d.message()).contains("Rate exceeded");
    }

    @Test
    void anUndescribableGroupIsAFailedDecisionNotAnException() {
        fleet.failDescribe = new FleetException("Throttling: Rate exceeded");

        Decision d = reconciler().reconcile(PolicyBuilder.backlog("jobs", "workers", 0, 20).build());

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.reason()).isEqualTo(Reason.FLEET_UNAVAILABLE);
        assertThat(d.message()).contains("Rate exceeded");
        assertThat(d.currentCapacity()).as("unknown, not 0").isEmpty();
        assertThat(d.desiredCapacity()).as("unknown, not 0").isEmpty();
        assertThat(fleet.writes()).isEmpty();
    }

    @Test
    void aMissingGroupIsNamedInTheDecision() {
        Decision d = reconciler().reconcile(PolicyBuilder.backlog("jobs", "no-such-group", 0, 20).build());

        assertThat(d.reason()).isEqualTo(Reason.FLEET_UNAVAILABLE);
        assertThat(d.message()).contains("no-such-group does not exist");
    }

    @Test
    void aFailedSetDesiredIsRecordedWithTheAwsError() {
        queues.depth(PolicyBuilder.QUEUE, 100, 0);
        fleet.failWrites = new FleetException("ValidationError: New SetDesiredCapacity value 10 is above max value 5");

        Decision d = reconciler().reconcile(PolicyBuilder.backlog("jobs", "workers", 0, 20).build());

        assertThat(d.outcome()).isEqualTo(Outcome.ACT_FAILED);
        assertThat(d.message()).contains("not applied").contains("above max value");
    }

    @Test
    void terminateIdleRemovesInstancesWithoutLeaseOrProtection() {
        fleet.group("workers", 0, 20, 3, inService("i-0000000000000000a"), inService("i-0000000000000000b"),
                inService("i-0000000000000000c"));
        leases = group -> Map.of("i-0000000000000000a", NOW.plusSeconds(300));
        queues.depth(PolicyBuilder.QUEUE, 5, 0);

        ScalingPolicy policy = PolicyBuilder.backlog("jobs", "workers", 0, 20).scaleIn(ScaleInMode.terminateIdle).build();
        Decision d = reconciler().reconcile(policy);

        assertThat(d.action()).isEqualTo(Action.SCALE_IN);
        assertThat(fleet.writes()).containsExactly("terminate i-0000000000000000b", "terminate i-0000000000000000c");
        assertThat(fleet.state("workers").instances()).extracting(i -> i.instanceId()).containsExactly("i-0000000000000000a");
    }

    @Test
    void terminateIdleSkipsAnInstanceThatWasLeasedAfterTheSnapshot() {
        fleet.group("workers", 0, 20, 3, inService("i-0000000000000000a"), inService("i-0000000000000000b"),
                inService("i-0000000000000000c"));
        // The lease on b arrives between the describe and the terminate call: the claim refuses it.
        leases = new LeaseView() {
            @Override
            public Map<String, Instant> liveLeases(String group) {
                return Map.of();
            }

            @Override
            public boolean claimForScaleIn(String instanceId) {
                return !instanceId.equals("i-0000000000000000b");
            }
        };
        queues.depth(PolicyBuilder.QUEUE, 5, 0);

        reconciler().reconcile(PolicyBuilder.backlog("jobs", "workers", 0, 20).scaleIn(ScaleInMode.terminateIdle).build());

        assertThat(fleet.writes()).containsExactly("terminate i-0000000000000000a", "terminate i-0000000000000000c");
    }

    @Test
    void aPolicyWiderThanItsGroupIsClampedToTheGroupAndSaysWhichSettingToFix() {
        fleet.group("workers", 0, 5, 2, inService("i-0000000000000000a"), inService("i-0000000000000000b"));
        queues.depth(PolicyBuilder.QUEUE, 100, 0);

        Decision d = reconciler().reconcile(PolicyBuilder.backlog("jobs", "workers", 0, 20).build());

        assertThat(fleet.writes()).containsExactly("setDesired workers 5");
        assertThat(d.reason()).isEqualTo(Reason.GROUP_BOUNDS);
        assertThat(d.desiredCapacity()).hasValue(5);
        assertThat(d.message()).startsWith("scale out 2 -> 5").contains("allows [0, 5]").contains("MaxSize");
    }

    @Test
    void anErrorInsideTheEvaluationIsRecordedAsAFailedHoldNotThrown() {
        queues.depth(PolicyBuilder.QUEUE, 100, 0);
        leases = group -> {
            throw new IllegalStateException("lease view broken");
        };

        Decision d = reconciler().reconcile(PolicyBuilder.backlog("jobs", "workers", 0, 20).build());

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.reason()).isEqualTo(Reason.EVALUATION_FAILED);
        assertThat(d.desiredCapacity()).hasValue(2);
        assertThat(d.message()).contains("lease view broken");
        assertThat(fleet.writes()).isEmpty();
        assertThat(log.all()).containsExactly(d);
    }

    @Test
    void aSourceThatOmitsAQueueIsAMetricFailure() {
        Reconciler reconciler = new Reconciler(source -> urls -> Map.of(), fleet, log, leases, new Recommender(),
                new VirtualClock(NOW));

        Decision d = reconciler.reconcile(PolicyBuilder.backlog("jobs", "workers", 0, 20).build());

        assertThat(d.reason()).isEqualTo(Reason.METRICS_FAILED_HOLD);
        assertThat(d.message()).contains("no depth returned for queue " + PolicyBuilder.QUEUE);
    }

    @Test
    void whatWasLearnedSurvivesAnUnchangedSpecButNotAChangedOne() {
        fleet.group("workers", 0, 20, 0);
        queues.depth(PolicyBuilder.QUEUE, 30, 0);
        Reconciler reconciler = reconciler();
        ScalingPolicy twoObservations = PolicyBuilder.backlog("jobs", "workers", 0, 20).activation(1, 2).build();
        ScalingPolicy changed = PolicyBuilder.backlog("jobs", "workers", 0, 19).activation(1, 2).build();

        assertThat(reconciler.reconcile(twoObservations).reason()).isEqualTo(Reason.ACTIVATION_PENDING);
        assertThat(reconciler.reconcile(changed).reason()).as("a changed spec starts its streak afresh")
                .isEqualTo(Reason.ACTIVATION_PENDING);
        assertThat(reconciler.reconcile(changed).action()).as("the same spec again: second sighting activates")
                .isEqualTo(Action.SCALE_OUT);
    }

    @Test
    void aFailedTerminationGivesItsClaimBack() {
        fleet.group("workers", 0, 20, 2, inService("i-0000000000000000a"), inService("i-0000000000000000b"));
        fleet.failWrites = new FleetException("ValidationError: Currently, desiredSize equals minSize (2)");
        java.util.List<String> released = new java.util.ArrayList<>();
        leases = new LeaseView() {
            @Override
            public Map<String, Instant> liveLeases(String group) {
                return Map.of();
            }

            @Override
            public void releaseClaim(String instanceId) {
                released.add(instanceId);
            }
        };
        queues.depth(PolicyBuilder.QUEUE, 0, 0);

        Decision d = reconciler().reconcile(PolicyBuilder.backlog("jobs", "workers", 0, 20).scaleIn(ScaleInMode.terminateIdle).build());

        assertThat(d.outcome()).isEqualTo(Outcome.ACT_FAILED);
        assertThat(released).containsExactly("i-0000000000000000a");
    }
}
