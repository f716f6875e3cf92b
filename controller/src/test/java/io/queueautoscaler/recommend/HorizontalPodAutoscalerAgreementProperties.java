package io.queueautoscaler.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueautoscaler.policy.Behavior;
import io.queueautoscaler.policy.Target;
import io.queueautoscaler.sim.baseline.HorizontalPodAutoscaler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The KEDA baseline's model of the Kubernetes HPA and the daemon's own tolerance, stabilization and
 * rate-limit stages both claim the HPA's semantics with its default behavior: they must give the
 * same replicas, sync after sync, wherever both apply. The places they deliberately differ are the
 * examples below, each with its reason.
 */
class HorizontalPodAutoscalerAgreementProperties {
    private static final int MIN = 1;
    private static final int MAX = 50;
    private static final Target GROUP = new Target("workers", MIN, MAX);

    /** One HPA sync, {@code after} seconds after the previous one, with a load worth {@code wholeInstances}. */
    record Sync(int after, int wholeInstances) {
    }

    @Property(tries = 500)
    void theModelAndTheStagesSetTheSameReplicas(@ForAll @IntRange(min = MIN, max = MAX) int initial,
                                                 @ForAll @IntRange(min = 1, max = 40) int queueLength,
                                                 @ForAll("syncs") List<Sync> syncs) {
        HorizontalPodAutoscaler model = new HorizontalPodAutoscaler(MIN, MAX);
        Stages daemon = new Stages();
        int current = initial;
        long now = 0;
        for (Sync sync : syncs) {
            now += sync.after();
            // a load of whole instances (the daemon's modes recommend whole instances), stepping
            // around the exact edge of the tolerance band, which is difference 3
            int load = onTheEdge(current, sync.wholeInstances()) ? sync.wholeInstances() + 1 : sync.wholeInstances();
            double usage = (double) load * queueLength;
            int expected = model.sync(now, current, List.of(usage), List.of((double) queueLength));

            int actual = daemon.evaluate(Instant.EPOCH.plusSeconds(now), current, load);

            assertThat(actual).as("at %d s from %d replicas, a load worth %d", now, current, load).isEqualTo(expected);
            current = actual;
        }
    }

    /**
     * Difference 1, tolerance before or after rounding. The HPA tests |usage / (target * replicas) - 1|
     * on the raw metric, then rounds up; the daemon's modes recommend a whole number of instances and
     * its tolerance compares that with the current capacity. When rounding up carries the proposal
     * out of the tolerance band, the daemon moves one instance and the HPA holds: 75 messages at 10
     * per pod is 1.07 times 7 pods (within 10 percent, the HPA keeps 7), and 8 of 7 instances is
     * 1.14 (the daemon goes to 8). The daemon works in instances because its latency and backlog
     * modes produce capacities, not metric values.
     */
    @Example
    void aProposalRoundedOutOfTheToleranceBandMovesTheDaemonButNotTheHpa() {
        HorizontalPodAutoscaler model = new HorizontalPodAutoscaler(MIN, MAX);

        int hpa = model.sync(0, 7, List.of(75.0), List.of(10.0));
        int daemon = new Stages().evaluate(Instant.EPOCH, 7, (int) Math.ceil(75.0 / 10));

        assertThat(hpa).isEqualTo(7);
        assertThat(daemon).isEqualTo(8);
    }

    /**
     * Difference 2, zero. The HPA never runs below one pod (minReplicas is at least 1; KEDA's
     * activation takes a workload to and from zero, and the KEDA baseline models that apart). The
     * daemon sizes a group that may sit at zero: its tolerance has no ratio there and a Percent
     * rate policy lets it start instances, here the default's four.
     */
    @Example
    void onlyTheDaemonScalesFromZero() {
        assertThatThrownBy(() -> new HorizontalPodAutoscaler(0, MAX)).isInstanceOf(IllegalArgumentException.class);

        int daemon = new Stages(new Target("workers", 0, MAX), 1).evaluate(Instant.EPOCH, 0, 10);

        assertThat(daemon).isEqualTo(4);
    }

    /**
     * Difference 3, the edge of the band. A ratio of exactly 1.1 is within a tolerance of 0.1 as the
     * Kubernetes documentation states the rule, and the daemon keeps it so; the Kubernetes controller
     * computes |1.0 - usageRatio| in float64, where 1.0 - 44 / 40 is a hair above 0.1, so it scales,
     * and the model keeps the controller's arithmetic because that is what a KEDA user gets.
     */
    @Example
    void aRatioOfExactlyOnePointOneScalesTheHpaButNotTheDaemon() {
        HorizontalPodAutoscaler model = new HorizontalPodAutoscaler(MIN, MAX);

        assertThat(model.sync(0, 40, List.of(44.0), List.of(1.0))).isEqualTo(44);
        assertThat(new Stages().evaluate(Instant.EPOCH, 40, 44)).isEqualTo(40);
    }

    /**
     * Difference 4, a sync a little early. The HPA counts a scale event in a period when it is
     * less than the period old, to the nanosecond: at its default 15 s sync and 15 s scale-up
     * period, the previous sync's scale-up falls in the period when this sync runs a moment early
     * and out of it when it runs a moment late, so the doubling pace halves at random. The daemon
     * takes an evaluation within a second of a whole number of intervals ago as exactly that many
     * intervals old: at a 15 s interval, a sync 14 s after a scale-up counts as the next one.
     */
    @Example
    void aSyncASecondEarlyStillDoublesTheDaemonButNotTheHpa() {
        HorizontalPodAutoscaler model = new HorizontalPodAutoscaler(MIN, MAX);
        Stages daemon = new Stages(GROUP, 15);
        assertThat(model.sync(0, 4, List.of(400.0), List.of(10.0))).isEqualTo(8);
        assertThat(daemon.evaluate(Instant.EPOCH, 4, 40)).isEqualTo(8);

        assertThat(model.sync(14, 8, List.of(400.0), List.of(10.0))).isEqualTo(8);
        assertThat(daemon.evaluate(Instant.EPOCH.plusSeconds(14), 8, 40)).isEqualTo(16);
    }

    /** A load of exactly 1.1 or 0.9 times the current instances: the edge of the default band. */
    private static boolean onTheEdge(int current, int load) {
        return 10 * load == 11 * current || 10 * load == 9 * current;
    }

    @Provide
    Arbitrary<List<Sync>> syncs() {
        Arbitrary<Integer> after = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(15)),
                Tuple.of(1, Arbitraries.integers().between(1, 120)));
        Arbitrary<Sync> sync = Combinators.combine(after, Arbitraries.integers().between(0, 80)).as(Sync::new);
        return sync.list().ofMinSize(1).ofMaxSize(80);
    }

    /**
     * The daemon's stages in the recommender's order, with its memory of recommendations and scale
     * events, fed the whole-instance proposal a mode would make.
     */
    private static final class Stages {
        private final Behavior behavior = Behavior.DEFAULT;
        private final Target target;
        private final int interval;
        private List<TimedCapacity> recommendations = List.of();
        private final List<ScaleEvent> events = new ArrayList<>();

        /**
         * The syncs come at whole seconds, which the grid of a 1 s evaluation interval holds
         * exactly: no age is taken for a whole number of intervals it is not, and the windows are
         * the HPA's to the second (a longer interval's grid is Difference 4).
         */
        Stages() {
            this(GROUP, 1);
        }

        Stages(Target target, int interval) {
            this.target = target;
            this.interval = interval;
        }

        int evaluate(Instant now, int current, int proposed) {
            int tolerated = Tolerance.apply(behavior, current, proposed).map(Stage::capacity).orElse(proposed);
            List<TimedCapacity> history = Stabilization.initialized(recommendations, current, now);
            int stabilized = Stabilization.apply(behavior, current, tolerated, history, now, interval)
                    .map(Stage::capacity).orElse(tolerated);
            int limited = RateLimit.apply(behavior, current, stabilized, events, now, interval)
                    .map(Stage::capacity).orElse(stabilized);
            int bounded = Bounds.apply(target, limited).map(Stage::capacity).orElse(limited);
            recommendations = Stabilization.remember(behavior, history, tolerated, now, interval);
            if (bounded != current) {
                events.add(new ScaleEvent(now, bounded - current));
            }
            return bounded;
        }
    }
}
