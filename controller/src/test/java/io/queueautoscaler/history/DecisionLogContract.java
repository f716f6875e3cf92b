package io.queueautoscaler.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Estimates;
import io.queueautoscaler.recommend.FleetSnapshot;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.recommend.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every DecisionLog must do; each store's test extends this. */
abstract class DecisionLogContract {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    abstract DecisionLog log();

    static Decision decision(String policy, Instant time, int current, int desired) {
        DecisionInputs inputs = new DecisionInputs(Optional.of(new FleetSnapshot(current, current, 0, 0, 40)),
                List.of(new QueueDepth("http://localhost:9324/000000000000/q", 120, 8, 0)), Optional.empty(),
                Optional.of(new Estimates(128, Optional.empty())));
        return new Decision(0, policy, time, current, desired, desired, Action.between(current, desired),
                Outcome.APPLIED, Reason.BACKLOG_PER_INSTANCE, "scale out " + current + " -> " + desired + ": backlog 128 / 10",
                false, inputs, List.of(new Stage("backlogPerInstance", desired, Reason.BACKLOG_PER_INSTANCE, "backlog 128 / 10 = 13")));
    }

    @Test
    void storesEveryFieldAndReadsItBackWhole() {
        Decision stored = log().append(decision("thumbnails", T0, 4, 13));
        Decision found = log().find(stored.id()).orElseThrow();
        assertThat(found.id()).isPositive();
        assertThat(found.policy()).isEqualTo("thumbnails");
        assertThat(found.time()).isEqualTo(T0);
        assertThat(found.currentCapacity()).hasValue(4);
        assertThat(found.desiredCapacity()).hasValue(13);
        assertThat(found.action()).isEqualTo(Action.SCALE_OUT);
        assertThat(found.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(found.reason()).isEqualTo(Reason.BACKLOG_PER_INSTANCE);
        assertThat(found.message()).isEqualTo("scale out 4 -> 13: backlog 128 / 10");
        assertThat(found.stages()).containsExactly(new Stage("backlogPerInstance", 13, Reason.BACKLOG_PER_INSTANCE, "backlog 128 / 10 = 13"));
        assertThat(found.inputs()).isEqualTo(stored.inputs());
        assertThat(found.inputs().fleet()).contains(new FleetSnapshot(4, 4, 0, 0, 40));
    }

    @Test
    void aDecisionThatCouldNotDescribeItsGroupReadsBackWithItsCapacitiesUnknownNotZero() {
        Decision unknown = Decision.capacityUnknown("thumbnails", T0, Reason.FLEET_UNAVAILABLE,
                "no decision: cannot describe Auto Scaling Group thumbnails-workers: Throttling: Rate exceeded", false,
                DecisionInputs.NONE.failed(new Failure(Failure.Kind.FLEET, "Throttling: Rate exceeded")));

        Decision found = log().find(log().append(unknown).id()).orElseThrow();

        assertThat(found.currentCapacity()).isEmpty();
        assertThat(found.recommendedCapacity()).isEmpty();
        assertThat(found.desiredCapacity()).isEmpty();
        assertThat(found.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(found.inputs().fleet()).isEmpty();
    }

    @Test
    void aFailedEvaluationReadsBackWithItsFailure() {
        Decision failed = new Decision(0, "thumbnails", T0, 4, 4, 4, Action.NONE, Outcome.FAILED,
                Reason.METRICS_FAILED_HOLD, "hold 4: 1 consecutive metric failure", false,
                new DecisionInputs(Optional.of(new FleetSnapshot(4, 4, 1, 0, 40)), List.of(),
                        Optional.of(new Failure(Failure.Kind.METRICS, "Throttling: Rate exceeded")), Optional.empty()),
                List.of(new Stage("metricFailure", 4, Reason.METRICS_FAILED_HOLD, "holding 4")));

        Decision found = log().find(log().append(failed).id()).orElseThrow();

        assertThat(found.action()).isEqualTo(Action.NONE);
        assertThat(found.actionName()).isEqualTo("FAILED");
        assertThat(found.inputs()).isEqualTo(failed.inputs());
    }

    @Test
    void latestGivesEachNamedPolicysNewestRecordInOneCall() {
        log().append(decision("thumbnails", T0, 1, 2));
        Decision newest = log().append(decision("thumbnails", T0.plusSeconds(15), 2, 3));
        Decision reports = log().append(decision("reports", T0, 1, 1));
        log().append(decision("video", T0, 1, 4));

        java.util.Map<String, Decision> latest = log().latest(List.of("thumbnails", "reports", "never-decided"));

        assertThat(latest).containsOnlyKeys("thumbnails", "reports");
        assertThat(latest.get("thumbnails").id()).isEqualTo(newest.id());
        assertThat(latest.get("reports").id()).isEqualTo(reports.id());
    }

    @Test
    void unknownIdIsEmpty() {
        assertThat(log().find(987_654_321L)).isEmpty();
    }

    @Test
    void pagesNewestFirstWithoutGapsOrRepeats() {
        for (int i = 0; i < 7; i++) {
            log().append(decision("thumbnails", T0.plusSeconds(i), i, i + 1));
        }
        List<Long> seen = new ArrayList<>();
        Optional<Long> before = Optional.empty();
        int pages = 0;
        do {
            DecisionPage page = log().list(new DecisionQuery(Optional.empty(), Optional.empty(), Optional.empty(), 3, before));
            page.items().forEach(d -> seen.add(d.id()));
            before = page.continueBefore();
            pages++;
        } while (before.isPresent());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(7).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
    }

    @Test
    void filtersByPolicyAndTimeRange() {
        log().append(decision("thumbnails", T0, 1, 2));
        log().append(decision("reports", T0.plusSeconds(10), 1, 2));
        log().append(decision("thumbnails", T0.plusSeconds(20), 2, 3));
        log().append(decision("thumbnails", T0.plusSeconds(30), 3, 4));

        DecisionPage thumbnails = log().list(new DecisionQuery(Optional.of("thumbnails"),
                Optional.of(T0.plusSeconds(10)), Optional.of(T0.plusSeconds(30)), 10, Optional.empty()));

        assertThat(thumbnails.items()).extracting(Decision::time).containsExactly(T0.plusSeconds(20));
        assertThat(thumbnails.continueBefore()).isEmpty();
    }

    @Test
    void filtersByAnyOfSeveralActionsOutcomesAndReasons() {
        Decision out = log().append(decision("thumbnails", T0, 1, 4));
        Decision in = log().append(decision("thumbnails", T0.plusSeconds(5), 4, 2));
        Decision hold = log().append(decision("thumbnails", T0.plusSeconds(10), 2, 2));
        Decision paused = log().append(new Decision(0, "thumbnails", T0.plusSeconds(15), 2, 6, 2, Action.NONE, Outcome.UNCHANGED,
                Reason.PAUSED, "paused by ops until resumed; would scale out 2 -> 6: backlog 60 / 10", false, DecisionInputs.NONE,
                List.of()));
        Decision failed = log().append(new Decision(0, "thumbnails", T0.plusSeconds(20), 2, 2, 2, Action.NONE, Outcome.FAILED,
                Reason.METRICS_FAILED_HOLD, "hold 2: queue depth unreadable", false, DecisionInputs.NONE, List.of()));

        assertThat(ids(query(Set.of("SCALE_OUT", "SCALE_IN"), Set.of(), Set.of()))).containsExactly(in.id(), out.id());
        assertThat(ids(query(Set.of("NONE"), Set.of(Outcome.UNCHANGED), Set.of(Reason.PAUSED)))).containsExactly(paused.id());
        assertThat(ids(query(Set.of(), Set.of(Outcome.APPLIED), Set.of(Reason.BACKLOG_PER_INSTANCE))))
                .containsExactly(hold.id(), in.id(), out.id());
        assertThat(ids(query(Set.of("FAILED"), Set.of(), Set.of()))).as("a failed evaluation's action is FAILED")
                .containsExactly(failed.id());
        assertThat(ids(query(Set.of("NONE"), Set.of(Outcome.FAILED), Set.of()))).isEmpty();
    }

    private DecisionPage query(Set<String> actions, Set<Outcome> outcomes, Set<Reason> reasons) {
        return log().list(new DecisionQuery(Optional.of("thumbnails"), Optional.empty(), Optional.empty(), 10, Optional.empty(),
                actions, outcomes, reasons));
    }

    private static List<Long> ids(DecisionPage page) {
        return page.items().stream().map(Decision::id).toList();
    }
}
