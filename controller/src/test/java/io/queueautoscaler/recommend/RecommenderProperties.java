package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.at;
import static io.queueautoscaler.testing.PolicyBuilder.HIGH;
import static io.queueautoscaler.testing.PolicyBuilder.LOW;
import static io.queueautoscaler.testing.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.Behavior;
import io.queueautoscaler.policy.OnMetricFailure;
import io.queueautoscaler.policy.Scaling;
import io.queueautoscaler.policy.ScalingMode;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The non-negotiables over random policies and random observation sequences, against a group
 * that follows every decision at once (booting instances land by the next evaluation).
 */
class RecommenderProperties {

    /** One evaluation's input, seconds after the previous one. */
    record Step(int after, boolean failed, long visibleHigh, long visibleLow, long inFlight, int leased, int booting) {
    }

    /** What one evaluation saw and decided; {@code first}: the reason of the first stage. */
    record Turn(long time, int current, int desired, boolean failed, int leased, long inFlight, Reason first) {
    }

    @Property(tries = 300)
    void staysWithinMinAndMax(@ForAll("policies") ScalingPolicy policy, @ForAll("steps") List<Step> steps) {
        for (Turn turn : run(policy, steps)) {
            assertThat(turn.desired()).isBetween(policy.target().minCapacity(), policy.target().maxCapacity());
        }
    }

    @Property(tries = 300)
    void neverScalesInOnAFailedObservation(@ForAll("policies") ScalingPolicy policy, @ForAll("steps") List<Step> steps) {
        for (Turn turn : run(policy, steps)) {
            // Only an explicit fallbackCapacity may take a failed read lower; maxCapacity always wins.
            if (turn.failed() && turn.first() != Reason.METRICS_FAILED_FALLBACK) {
                assertThat(turn.desired()).isGreaterThanOrEqualTo(Math.min(turn.current(), policy.target().maxCapacity()));
            }
        }
    }

    @Property(tries = 300)
    void neverBelowTheLeasedInstances(@ForAll("policies") ScalingPolicy policy, @ForAll("steps") List<Step> steps) {
        for (Turn turn : run(policy, steps)) {
            if (turn.leased() <= policy.target().maxCapacity()) {
                assertThat(turn.desired()).isGreaterThanOrEqualTo(turn.leased());
            }
        }
    }

    @Property(tries = 300)
    void neverToZeroWhileMessagesAreInFlight(@ForAll("policies") ScalingPolicy policy, @ForAll("steps") List<Step> steps) {
        for (Turn turn : run(policy, steps)) {
            if (!turn.failed() && turn.current() > 0 && turn.inFlight() > 0 && policy.target().maxCapacity() > 0) {
                assertThat(turn.desired()).isPositive();
            }
        }
    }

    @Property(tries = 300)
    void neverChangesFasterThanTheRatePoliciesAllow(@ForAll("policies") ScalingPolicy policy,
                                                     @ForAll("steps") List<Step> steps) {
        List<Turn> turns = run(policy, steps);
        for (int i = 0; i < turns.size(); i++) {
            Turn turn = turns.get(i);
            if (turn.failed()) {
                continue;
            }
            // The bounds and the lease floor come after the rate limit and may override it.
            int floor = Math.max(policy.target().minCapacity(), Math.min(turn.leased(), policy.target().maxCapacity()));
            if (turn.desired() > turn.current() && turn.desired() > floor) {
                assertThat(turn.desired()).isLessThanOrEqualTo(
                        Math.max(turn.current(), allowed(policy.behavior().scaleUp(), policy, turns, i, true)));
            }
            if (turn.desired() < turn.current()) {
                assertThat(turn.desired()).isGreaterThanOrEqualTo(
                        Math.min(Math.min(turn.current(), allowed(policy.behavior().scaleDown(), policy, turns, i, false)),
                                policy.target().maxCapacity()));
            }
        }
    }

    /**
     * The furthest the rules let turn {@code i} go, each policy measured from the capacity the
     * group had when its period began: the desired capacity of the last turn outside the period
     * (or the first turn's current capacity), a turn within a second of a whole number of
     * evaluation intervals ago counting as exactly that old (see {@link Windows}).
     */
    private static int allowed(Behavior.Rules rules, ScalingPolicy policy, List<Turn> turns, int i, boolean up) {
        Turn turn = turns.get(i);
        if (rules.selectPolicy() == Behavior.SelectPolicy.Disabled) {
            return turn.current();
        }
        if (rules.policies().isEmpty()) {
            return up ? Integer.MAX_VALUE : 0;
        }
        List<Long> proposals = new ArrayList<>();
        for (Behavior.RatePolicy rate : rules.policies()) {
            int start = turns.get(0).current();
            for (int k = 0; k < i; k++) {
                if (!Windows.within(at(turns.get(k).time()), at(turn.time()), rate.periodSeconds(),
                        policy.evaluationIntervalSeconds())) {
                    start = turns.get(k).desired();
                }
            }
            boolean percent = rate.type() == Behavior.RatePolicy.Type.Percent;
            long change = percent ? (long) Math.ceil(start * rate.value() / 100.0) : rate.value();
            proposals.add(up ? Math.max(start + change, percent && start == 0 ? 1 : 0) : Math.max(0, start - change));
        }
        boolean widest = rules.selectPolicy() == Behavior.SelectPolicy.Max;
        long result = up == widest ? proposals.stream().mapToLong(Long::longValue).max().orElseThrow()
                : proposals.stream().mapToLong(Long::longValue).min().orElseThrow();
        return (int) Math.min(Integer.MAX_VALUE, result);
    }

    private static List<Turn> run(ScalingPolicy policy, List<Step> steps) {
        Recommender recommender = new Recommender();
        PolicyMemory memory = PolicyMemory.EMPTY;
        List<Turn> turns = new ArrayList<>();
        int current = policy.target().minCapacity();
        long time = 0;
        for (Step step : steps) {
            time += step.after();
            int booting = Math.min(step.booting(), current);
            FleetSnapshot fleet = PolicyFixture.fleet(current, current - booting, step.leased());
            Observation observation = step.failed()
                    ? Observation.metricsFailed(at(time), fleet, "throttled")
                    : Observation.of(at(time), fleet, List.of(new QueueDepth(HIGH, step.visibleHigh(), step.inFlight(), 0),
                            new QueueDepth(LOW, step.visibleLow(), 0, 0)));
            Evaluation evaluation = recommender.evaluate(policy, observation, memory);
            memory = evaluation.memory();
            Recommendation recommendation = evaluation.recommendation();
            turns.add(new Turn(time, current, recommendation.desiredCapacity(), step.failed(), step.leased(),
                    step.inFlight(), recommendation.stages().get(0).reason()));
            current = recommendation.desiredCapacity();
        }
        return turns;
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(1, 90),
                Arbitraries.integers().between(0, 9).map(n -> n < 2),
                Arbitraries.longs().between(0, 6000),
                Arbitraries.longs().between(0, 600),
                Arbitraries.longs().between(0, 200),
                Arbitraries.integers().between(0, 12),
                Arbitraries.integers().between(0, 6))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<ScalingPolicy> policies() {
        Arbitrary<Behavior.RatePolicy> rate = Combinators.combine(
                Arbitraries.of(Behavior.RatePolicy.Type.class),
                Arbitraries.integers().between(1, 200),
                Arbitraries.integers().between(15, 180))
                .as(Behavior.RatePolicy::new);
        Arbitrary<Behavior.Rules> rules = Combinators.combine(
                Arbitraries.of(0, 0, 30, 60, 300),
                Arbitraries.of(Behavior.SelectPolicy.class),
                rate.list().ofMaxSize(3),
                Arbitraries.of(0.0, 0.05, 0.1, 0.3))
                .as(Behavior.Rules::new);
        Arbitrary<int[]> bounds = Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 40))
                .as((min, extra) -> new int[] {min, min + extra});
        Arbitrary<OnMetricFailure> failure = Combinators.combine(
                Arbitraries.integers().between(0, 50).optional().map(f -> f.map(OptionalInt::of).orElse(OptionalInt.empty())),
                Arbitraries.integers().between(1, 4))
                .as(OnMetricFailure::new);
        Arbitrary<Workers> workers = Combinators.combine(
                Arbitraries.integers().between(1, 8),
                Arbitraries.of(OptionalDouble.empty(), OptionalDouble.of(0.5), OptionalDouble.of(2.0), OptionalDouble.of(8.0)),
                Arbitraries.integers().between(0, 180))
                .as(Workers::new);
        Arbitrary<Scaling> scaling = Combinators.combine(
                Arbitraries.of(ScalingMode.class), Arbitraries.of(1.0, 10.0, 100.0),
                Arbitraries.longs().between(0, 20), Arbitraries.integers().between(1, 3))
                .as((mode, target, activation, observations) -> new Scaling(mode, target, StepModeTest.STEPS, activation,
                        observations));
        return Combinators.combine(bounds, rules, rules, failure, workers, scaling,
                        Arbitraries.integers().between(10, 600), Arbitraries.of(5, 15, 30))
                .as((b, up, down, onFailure, w, s, highTarget, interval) -> policy().bounds(b[0], b[1])
                        .queue(HIGH, highTarget).queue(LOW, highTarget * 4).workers(w).scaling(s)
                        .behavior(new Behavior(up, down)).interval(interval).onMetricFailure(onFailure).build());
    }
}
