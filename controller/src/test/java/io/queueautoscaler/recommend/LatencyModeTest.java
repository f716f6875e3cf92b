package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.at;
import static io.queueautoscaler.recommend.PolicyFixture.depth;
import static io.queueautoscaler.recommend.PolicyFixture.fleet;
import static io.queueautoscaler.testing.PolicyBuilder.HIGH;
import static io.queueautoscaler.testing.PolicyBuilder.LOW;
import static io.queueautoscaler.testing.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.QueueSpec;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.testing.PolicyBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The latency mode's arithmetic on hand-made estimator states, at a declared 2 msg/s/instance,
 * concurrency 4 and a 15 s evaluation interval. Each case's comment derives its number.
 */
class LatencyModeTest {
    static final long NOW = 10_000;

    /** One queue's state: target wait, waiting, in flight, fast, sustained and burst rates, marks as (age, cumulative). */
    record Queue(String url, int target, long waiting, long inFlight, double fast, double slow, double burst, double[][] marks) {
        QueueFlow flow() {
            List<ArrivalMark> dated = Stream.of(marks).map(m -> new ArrivalMark(at(NOW - (long) m[0]), m[1])).toList();
            List<ArrivalMark> list = dated.isEmpty() ? List.of(new ArrivalMark(at(NOW), 0)) : dated;
            return new QueueFlow(url, at(NOW), waiting, inFlight, waiting + inFlight, 0, fast, slow, burst, list, list);
        }
    }

    /** {@code events}: (seconds before now, change). */
    record Case(String name, int warmup, FleetSnapshot fleet, int[][] events, List<Queue> queues, int expected, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Queue queue(String url, int target, long waiting, long inFlight, double fast, double slow, double burst,
                       double[]... marks) {
        return new Queue(url, target, waiting, inFlight, fast, slow, burst, marks);
    }

    static Stream<Case> cases() {
        int[][] none = {};
        return Stream.of(
                new Case("an idle queue needs nothing", 120, fleet(3), none,
                        List.of(queue(HIGH, 900, 0, 0, 0, 0, 0)), 0, "keeping up with a sustained 0.00 msg/s"),
                // 10 msg/s at 2 msg/s/instance.
                new Case("keeping up with a sustained the sustained rate", 120, fleet(3), none,
                        List.of(queue(HIGH, 900, 0, 0, 12, 10, 0)), 5, "keeping up with a sustained 10.00 msg/s needs 5 whole instances"),
                // 9 msg/s keep 4.5 instances busy: 4 whole ones, the half is the deadlines' to answer
                // once a backlog builds.
                new Case("keeping up rounds down: a backlog absorbs the fraction", 120, fleet(5), none,
                        List.of(queue(HIGH, 900, 0, 0, 9, 9, 0)), 4, "keeping up with a sustained 9.00 msg/s needs 4 whole instances"),
                // The lower of fast and slow rates is sustained: a burst that ended is not chased.
                new Case("a burst that ended is not chased", 120, fleet(3), none,
                        List.of(queue(HIGH, 900, 0, 0, 2, 10, 0)), 1, "keeping up with a sustained 2.00 msg/s needs 1 whole instance at"),
                // 28 in flight and nothing waiting or arriving: no deadline needs an instance. Busy
                // workers hold protection leases, and the lease floor keeps them, not this stage.
                new Case("busy instances are the lease floor's to keep, not the mode's", 120, fleet(8), none,
                        List.of(queue(HIGH, 900, 0, 28, 0, 0, 0)), 0, "keeping up with a sustained 0.00 msg/s"),
                // From zero: n instances land at 120 s and must start 1800 messages by 765 s (85% of
                // 900): 1290 n >= 1801.
                new Case("a fresh backlog is worked off within the plan after new instances land", 120, fleet(0), none,
                        List.of(queue(HIGH, 900, 1800, 0, 0, 0, 0, new double[] {15, 0}, new double[] {0, 1800})), 2,
                        "backlog 1800 over 1 queue (oldest 15 s)"),
                // Two in service do 4 msg/s; the last message, 345 s old, must start within 420 s:
                // 1680 + 600 (n - 2) >= 1801.
                new Case("an older backlog needs more instances to make its deadline", 120, fleet(2), none,
                        List.of(queue(HIGH, 900, 1800, 8, 0, 0, 0, new double[] {360, 0}, new double[] {345, 1800})), 3,
                        "to start jobs-high within 765 s (85% of its 900 s target)"),
                // The instance launched 30 s ago lands in 90 s and does 2 * 330 by 420 s: with the two
                // in service that is 2340 >= 1801, so 3 desired are enough and none is added.
                new Case("a pending instance counts, so a backlog is not answered twice", 120, fleet(3, 2, 0),
                        new int[][] {{30, 1}},
                        List.of(queue(HIGH, 900, 1800, 8, 0, 0, 0, new double[] {360, 0}, new double[] {345, 1800})), 3,
                        "2 in service, 1 pending"),
                // Nothing is needed, but the 4 ordered 30 s ago land in 90 s: cancelling them would
                // make a need that returns within the warmup wait a whole warmup again.
                new Case("instances still booting are kept until they land", 120, fleet(6, 2, 0), new int[][] {{30, 4}},
                        List.of(queue(HIGH, 900, 0, 0, 0, 0, 0)), 6, "needs 0 at 2.00 msg/s/instance (declared), but keeping 4 still booting"),
                // Ordered 200 s ago with a 120 s warmup: no longer known to be booting (a launch that
                // fails would otherwise hold capacity forever), so only the need counts.
                new Case("instances pending past their warmup are not kept", 120, fleet(6, 2, 0), new int[][] {{200, 4}},
                        List.of(queue(HIGH, 900, 0, 0, 0, 0, 0)), 0, "keeping up with a sustained 0.00 msg/s"),
                // The last message, 645 s old, must start within 120 s, when new instances only land:
                // no capacity makes it. Four in service would do 8 * 255 = 2040 by its real target
                // (255 s), so the group keeps them; the new deadline (120 + 765 s) needs no more.
                new Case("late messages hold the current capacity rather than scale in", 120, fleet(4), none,
                        List.of(queue(HIGH, 900, 1800, 0, 0, 0, 0, new double[] {660, 0}, new double[] {645, 1800})), 4,
                        "oldest 660 s"),
                // Higher-priority arrivals (15 msg/s) start before the low queue's last message, due
                // in 765 s: 1801 + 15 * 765 <= 2 * 765 n for n = 9, while keeping up needs only 7.
                new Case("a lower-priority backlog waits behind higher-priority arrivals", 120, fleet(10), none,
                        List.of(queue(HIGH, 900, 0, 0, 15, 15, 0),
                                queue(LOW, 900, 1800, 0, 0, 0, 0, new double[] {15, 0}, new double[] {0, 1800})), 9,
                        "to start jobs-low within 765 s (85% of its 900 s target)"),
                // Warmup 60 s + 15 s interval is more than 85% of a 60 s target: arrivals until a
                // decision at the next evaluation could land (24 s) count. The one arriving at 24 s
                // must start by 75 s; 2 instances do 300 by then and 456 arrive: 6 more instances
                // do the rest in the 15 s after they land.
                new Case("a burst is met before it piles up when instances land later than the target", 60, fleet(2),
                        none, List.of(queue(HIGH, 60, 0, 0, 19, 2, 0)), 8, "19.00 msg/s arriving"),
                // With a 900 s target a decision at the next evaluation can still serve those arrivals.
                new Case("with a long target later decisions serve the arrivals", 60, fleet(2), none,
                        List.of(queue(HIGH, 900, 0, 0, 19, 2, 0)), 1, "keeping up with a sustained 2.00 msg/s"),
                // Recent bursts needed 12 msg/s: 6 instances at 2 msg/s/instance. Window: 60 + 2 * 15
                // - 51 = 39 s of a burst that running capacity must start alone.
                new Case("recent bursts are absorbed when instances land later than the target", 60, fleet(2), none,
                        List.of(queue(HIGH, 60, 0, 0, 2, 2, 12)), 6, "absorbing bursts"),
                // 90 + 2 * 15 - 102 = 18 s: a 120 s target still has a burst window at a 90 s warmup.
                new Case("bursts count while capacity ordered at the second evaluation lands after the plan", 90,
                        fleet(2), none, List.of(queue(HIGH, 120, 0, 0, 2, 2, 12)), 6, "absorbing bursts"),
                // 60 + 2 * 15 - 765 < 0: capacity ordered for any burst lands in time.
                new Case("bursts are left to the deadlines when instances land in time", 60, fleet(2), none,
                        List.of(queue(HIGH, 900, 0, 0, 2, 2, 12)), 1, "keeping up"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sizesToStartEveryMessageWithinItsTarget(Case c) {
        PolicyBuilder builder = policy().workers(4, 2, c.warmup()).bounds(0, 40);
        c.queues().forEach(q -> builder.queue(q.url(), q.target()));
        ScalingPolicy policy = builder.build();
        Workload workload = new Workload(c.queues().stream().map(Queue::flow).toList(), c.fleet().inService(), ServiceRate.NONE);
        List<QueueDepth> depths = new ArrayList<>();
        c.queues().forEach(q -> depths.add(depth(q.url(), q.waiting(), q.inFlight())));
        Observation observation = Observation.of(at(NOW), c.fleet(), depths);
        List<ScaleEvent> events = Stream.of(c.events()).map(e -> new ScaleEvent(at(NOW - e[0]), e[1])).toList();
        Throughput throughput = new Throughput(2, Throughput.Source.declared);
        LatencyMode.Result result = LatencyMode.recommend(policy, observation, workload, throughput,
                Supply.of(policy, c.fleet(), events, at(NOW), 2), BurstRhythm.NONE);
        Stage stage = result.stage();

        assertThat(stage.capacity()).isEqualTo(c.expected());
        assertThat(stage.reason()).isEqualTo(Reason.LATENCY_TARGET);
        assertThat(stage.detail()).contains(c.says()).contains("at 2.00 msg/s/instance (declared)");
        assertThat(result.estimates().queues()).extracting(QueueEstimate::queue)
                .containsExactlyElementsOf(c.queues().stream().map(q -> QueueSpec.nameOf(q.url())).toList());
        assertThat(result.estimates().queues()).extracting(QueueEstimate::waiting)
                .containsExactlyElementsOf(c.queues().stream().map(Queue::waiting).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void neverAsksForLessWhenMoreIsWaiting(Case c) {
        // Doubling every queue's waiting messages (same ages) can only need as much or more.
        List<Queue> doubled = c.queues().stream().map(q -> new Queue(q.url(), q.target(), q.waiting() * 2, q.inFlight(),
                q.fast(), q.slow(), q.burst(), Stream.of(q.marks()).map(m -> new double[] {m[0], m[1] * 2}).toArray(double[][]::new)))
                .toList();
        Case more = new Case(c.name(), c.warmup(), c.fleet(), c.events(), doubled, c.expected(), c.says());

        assertThat(need(more)).isGreaterThanOrEqualTo(need(c));
    }

    /**
     * A trickle that one instance serves is no burst, even when keeping up needs less than one
     * whole instance; a burst needs more instances than keeping up rounded up.
     */
    @ParameterizedTest(name = "burst rate {0} msg/s: a burst {1}")
    @CsvSource({"1.5, false", "5, true"})
    void aBurstNeedsMoreThanKeepingUpRoundedUp(double burst, boolean isBurst) {
        // 60 s warmup, 60 s target: a burst window of 60 + 2 * 15 - 51 = 39 s; 0.5 msg/s sustained at 2 msg/s/instance.
        Case c = new Case("trickle", 60, fleet(1), new int[][] {}, List.of(queue(HIGH, 60, 0, 0, 0.5, 0.5, burst)), 0, "");
        ScalingPolicy policy = policy().workers(4, 2, c.warmup()).bounds(0, 40).queue(HIGH, 60).build();
        Workload workload = new Workload(c.queues().stream().map(Queue::flow).toList(), 1, ServiceRate.NONE);
        Observation observation = Observation.of(at(NOW), c.fleet(), List.of(depth(HIGH, 0, 0)));

        LatencyMode.Result result = LatencyMode.recommend(policy, observation, workload,
                new Throughput(2, Throughput.Source.declared), Supply.of(policy, c.fleet(), List.of(), at(NOW), 2),
                BurstRhythm.NONE);

        assertThat(result.rhythm().bursting()).isEqualTo(isBurst);
        assertThat(result.rhythm().bursts()).hasSize(isBurst ? 1 : 0);
    }

    private static int need(Case c) {
        PolicyBuilder builder = policy().workers(4, 2, c.warmup()).bounds(0, 40);
        c.queues().forEach(q -> builder.queue(q.url(), q.target()));
        ScalingPolicy policy = builder.build();
        Workload workload = new Workload(c.queues().stream().map(Queue::flow).toList(), c.fleet().inService(), ServiceRate.NONE);
        List<QueueDepth> depths = c.queues().stream().map(q -> depth(q.url(), q.waiting(), q.inFlight())).toList();
        List<ScaleEvent> events = Stream.of(c.events()).map(e -> new ScaleEvent(at(NOW - e[0]), e[1])).toList();
        Instant now = at(NOW);
        return LatencyMode.recommend(policy, Observation.of(now, c.fleet(), depths), workload,
                new Throughput(2, Throughput.Source.declared), Supply.of(policy, c.fleet(), events, now, 2), BurstRhythm.NONE)
                .stage().capacity();
    }
}
