package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.Behavior;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RateLimitTest {
    static final long NOW = 1000;
    /** Evaluations 15 s apart, as by default. */
    static final int INTERVAL = 15;
    static final Behavior.RatePolicy PERCENT_100 = new Behavior.RatePolicy(Behavior.RatePolicy.Type.Percent, 100, 15);
    static final Behavior.RatePolicy INSTANCES_4 = new Behavior.RatePolicy(Behavior.RatePolicy.Type.Instances, 4, 15);
    static final Behavior.RatePolicy INSTANCES_2_PER_MINUTE = new Behavior.RatePolicy(Behavior.RatePolicy.Type.Instances, 2, 60);
    static final Behavior.RatePolicy PERCENT_10 = new Behavior.RatePolicy(Behavior.RatePolicy.Type.Percent, 10, 60);

    /** {@code events} as (seconds before now, change) pairs. */
    record Case(String name, Behavior.Rules up, Behavior.Rules down, int current, int proposed, int[][] events,
                int expected, Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Behavior.Rules rules(Behavior.SelectPolicy select, Behavior.RatePolicy... policies) {
        return new Behavior.Rules(0, select, List.of(policies), 0.1);
    }

    static Stream<Case> cases() {
        Behavior.Rules defaultUp = Behavior.DEFAULT_SCALE_UP;
        Behavior.Rules defaultDown = Behavior.DEFAULT_SCALE_DOWN;
        Behavior.Rules max = rules(Behavior.SelectPolicy.Max, PERCENT_100, INSTANCES_4);
        Behavior.Rules min = rules(Behavior.SelectPolicy.Min, PERCENT_100, INSTANCES_4);
        Behavior.Rules disabled = rules(Behavior.SelectPolicy.Disabled, PERCENT_100);
        Behavior.Rules slowDown = rules(Behavior.SelectPolicy.Max, INSTANCES_2_PER_MINUTE);
        Behavior.Rules percentDown = rules(Behavior.SelectPolicy.Max, PERCENT_10);
        Behavior.Rules percentOnly = rules(Behavior.SelectPolicy.Max, PERCENT_100);
        Behavior.Rules none = rules(Behavior.SelectPolicy.Max);
        int[][] noEvents = {};
        return Stream.of(
                new Case("the default scale-up doubles a large group", defaultUp, defaultDown, 10, 50, noEvents, 20,
                        Reason.SCALE_UP_LIMIT),
                new Case("the default scale-up adds four to a small group", defaultUp, defaultDown, 1, 50, noEvents, 5,
                        Reason.SCALE_UP_LIMIT),
                new Case("selectPolicy Min takes the policy allowing the least", min, defaultDown, 10, 50, noEvents, 14,
                        Reason.SCALE_UP_LIMIT),
                new Case("a scale-out within the limit passes", max, defaultDown, 10, 18, noEvents, 18, null),
                new Case("scale-outs in the period count against it", max, defaultDown, 16, 40,
                        new int[][] {{10, 6}}, 20, Reason.SCALE_UP_LIMIT),
                new Case("a scale event exactly one period ago no longer counts", max, defaultDown, 16, 40,
                        new int[][] {{15, 6}}, 32, Reason.SCALE_UP_LIMIT),
                new Case("nor does one an evaluation ago when this one runs a second early", max, defaultDown, 16, 40,
                        new int[][] {{14, 6}}, 32, Reason.SCALE_UP_LIMIT),
                new Case("a limit already used up holds the current capacity", max, defaultDown, 20, 40,
                        new int[][] {{5, 10}}, 20, Reason.SCALE_UP_LIMIT),
                new Case("a scale-in in the period raises the period's start for a scale-out", max, defaultDown, 6, 40,
                        new int[][] {{5, -4}}, 20, Reason.SCALE_UP_LIMIT),
                new Case("selectPolicy Disabled forbids scaling out", disabled, defaultDown, 6, 9, noEvents, 6,
                        Reason.SCALING_DISABLED),
                new Case("a Percent policy lets a group at zero start one instance", percentOnly, defaultDown, 0, 9,
                        noEvents, 1, Reason.SCALE_UP_LIMIT),
                new Case("rules without policies do not limit", none, none, 3, 300, noEvents, 300, null),
                new Case("the default scale-down may remove everything at once", defaultUp, defaultDown, 10, 0, noEvents,
                        0, null),
                new Case("an Instances scale-down removes at most its value per period", defaultUp, slowDown, 10, 3,
                        noEvents, 8, Reason.SCALE_DOWN_LIMIT),
                new Case("scale-ins in the period count against a scale-down", defaultUp, slowDown, 9, 3,
                        new int[][] {{30, -1}}, 8, Reason.SCALE_DOWN_LIMIT),
                new Case("a Percent scale-down rounds the allowed size down", defaultUp, percentDown, 15, 3, noEvents,
                        13, Reason.SCALE_DOWN_LIMIT),
                new Case("selectPolicy Disabled forbids scaling in", defaultUp, disabled, 6, 2, noEvents, 6,
                        Reason.SCALING_DISABLED),
                new Case("an unchanged number is not limited", defaultUp, slowDown, 6, 6, new int[][] {{5, -2}}, 6, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void limitsTheChangePerPeriod(Case c) {
        List<ScaleEvent> events = Stream.of(c.events()).map(e -> new ScaleEvent(at(NOW - e[0]), e[1])).toList();

        var stage = RateLimit.apply(new Behavior(c.up(), c.down()), c.current(), c.proposed(), events, at(NOW), INTERVAL);

        assertThat(stage.map(Stage::capacity).orElse(c.proposed())).isEqualTo(c.expected());
        assertThat(stage.map(Stage::reason).orElse(null)).isEqualTo(c.reason());
        stage.ifPresent(s -> assertThat(s.detail()).contains(c.expected() + " instead of " + c.proposed()));
    }

    @org.junit.jupiter.api.Test
    void aGroupAlreadyPastWhatTheRulesAllowKeepsItsSizeAndSaysSo() {
        // 1 -> 6 ten seconds ago: the period started at 1, which the default rules let grow to 5.
        List<ScaleEvent> events = List.of(new ScaleEvent(at(NOW - 10), 5));

        var stage = RateLimit.apply(Behavior.DEFAULT, 6, 9, events, at(NOW), INTERVAL).orElseThrow();

        assertThat(stage.capacity()).isEqualTo(6);
        assertThat(stage.detail()).isEqualTo("scale-up limit 6 instead of 9 (Max of 100% per 15 s from 1 allows 2, "
                + "4 instances per 15 s from 1 allows 5; the group is already at 6, which stays)");
    }

    record StartCase(String name, int current, int[][] events, int period, int expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<StartCase> starts() {
        return Stream.of(
                new StartCase("no events: the period starts at the current capacity", 8, new int[][] {}, 60, 8),
                new StartCase("scale-outs inside the period are taken back", 8, new int[][] {{50, 2}, {20, 3}}, 60, 3),
                new StartCase("scale-ins inside the period are added back", 3, new int[][] {{50, -5}}, 60, 8),
                new StartCase("events before the period are ignored", 8, new int[][] {{61, 4}, {60, 2}, {50, 1}}, 60, 7),
                // Evaluations 15 s apart: 59 s and 61 s ago are four evaluations ago, a second off.
                new StartCase("an evaluation a period ago is out of it, a second early or late", 8,
                        new int[][] {{61, 4}, {59, 2}, {44, 1}}, 60, 7));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("starts")
    void periodStartIsTheCapacityBeforeThePeriodsEvents(StartCase c) {
        List<ScaleEvent> events = Stream.of(c.events()).map(e -> new ScaleEvent(at(NOW - e[0]), e[1])).toList();

        assertThat(RateLimit.periodStart(c.current(), events, c.period(), at(NOW), INTERVAL)).isEqualTo(c.expected());
    }
}
