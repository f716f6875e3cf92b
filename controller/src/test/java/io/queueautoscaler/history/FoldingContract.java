package io.queueautoscaler.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a stored history does with idle policies: a run of identical unchanged decisions is one
 * record; anything that changes or fails is kept whole. The database stores extend this.
 */
abstract class FoldingContract extends DecisionLogContract {

    static Decision unchanged(String policy, Instant time, int capacity) {
        Decision d = decision(policy, time, capacity, capacity);
        return new Decision(0, policy, time, capacity, capacity, capacity, Action.NONE, Outcome.UNCHANGED,
                Reason.BACKLOG_PER_INSTANCE, "hold " + capacity + ": backlog 128 / 10", false, d.inputs(), d.stages());
    }

    private List<Decision> newestFirst(String policy) {
        return log().list(new DecisionQuery(Optional.of(policy), Optional.empty(), Optional.empty(), 100,
                Optional.empty())).items();
    }

    @Test
    void identicalUnchangedDecisionsFoldIntoOneRecordWithTheirCountAndLastTime() {
        for (int i = 0; i < 5; i++) {
            log().append(unchanged("thumbnails", T0.plusSeconds(15L * i), 13));
        }

        assertThat(newestFirst("thumbnails")).singleElement().satisfies(run -> {
            assertThat(run.repeated()).isEqualTo(5);
            assertThat(run.time()).isEqualTo(T0);
            assertThat(run.until()).contains(T0.plusSeconds(60));
            assertThat(run.node()).contains("node-a");
        });
    }

    @Test
    void aDecisionThatChangesSomethingIsKeptWholeAndEndsTheRun() {
        log().append(unchanged("thumbnails", T0, 13));
        log().append(unchanged("thumbnails", T0.plusSeconds(15), 13));
        log().append(decision("thumbnails", T0.plusSeconds(30), 13, 20));
        log().append(unchanged("thumbnails", T0.plusSeconds(45), 13));

        assertThat(newestFirst("thumbnails")).extracting(Decision::outcome, Decision::repeated)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Outcome.UNCHANGED, 1),
                        org.assertj.core.groups.Tuple.tuple(Outcome.APPLIED, 1),
                        org.assertj.core.groups.Tuple.tuple(Outcome.UNCHANGED, 2));
    }

    @Test
    void unchangedDecisionsThatSawSomethingElseAreNotFolded() {
        log().append(unchanged("thumbnails", T0, 13));
        log().append(unchanged("thumbnails", T0.plusSeconds(15), 14));
        log().append(unchanged("reports", T0.plusSeconds(15), 13));

        assertThat(newestFirst("thumbnails")).hasSize(2).allSatisfy(d -> assertThat(d.repeated()).isEqualTo(1));
        assertThat(newestFirst("reports")).singleElement().satisfies(d -> assertThat(d.until()).isEmpty());
    }

    @Test
    void aRunFoldedBeforeTheStoreJoinsTheStoredRunAndABatchIsStoredInOrder() {
        log().append(unchanged("thumbnails", T0, 13));
        Decision waited = unchanged("thumbnails", T0.plusSeconds(15), 13);
        for (int i = 2; i <= 4; i++) {
            waited = waited.foldIn(unchanged("thumbnails", T0.plusSeconds(15L * i), 13));
        }

        log().appendAll(List.of(waited, decision("thumbnails", T0.plusSeconds(75), 13, 20),
                unchanged("thumbnails", T0.plusSeconds(90), 13), unchanged("thumbnails", T0.plusSeconds(105), 13)));

        assertThat(newestFirst("thumbnails")).extracting(Decision::outcome, Decision::repeated, Decision::lastTime)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Outcome.UNCHANGED, 2, T0.plusSeconds(105)),
                        org.assertj.core.groups.Tuple.tuple(Outcome.APPLIED, 1, T0.plusSeconds(75)),
                        org.assertj.core.groups.Tuple.tuple(Outcome.UNCHANGED, 5, T0.plusSeconds(60)));
    }

    @Test
    void failuresAreNeverFolded() {
        for (int i = 0; i < 3; i++) {
            Decision d = unchanged("thumbnails", T0.plusSeconds(15L * i), 13);
            log().append(new Decision(0, d.policy(), d.time(), 13, 13, 13, Action.NONE, Outcome.FAILED,
                    Reason.METRICS_FAILED_HOLD, "hold 13: metrics failed", false, d.inputs(), d.stages()));
        }

        assertThat(newestFirst("thumbnails")).hasSize(3);
    }
}
