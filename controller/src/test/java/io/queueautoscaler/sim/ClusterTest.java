package io.queueautoscaler.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.queueautoscaler.fleet.FleetInstance;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The model's physics on scenarios small enough to compute by hand. */
class ClusterTest {
    private static final ServiceTime TWO_SECONDS = ServiceTime.constant(2);
    private static final ServiceTime ONE_SECOND = ServiceTime.constant(1);

    static Stream<Arguments> handComputed() {
        return Stream.of(
                Arguments.of("one slot serves in arrival order: 0, 0.5 then 2 wait 0, 1.5 and 2",
                        TraceWorkloads.of(1, 0, 1, TWO_SECONDS, 60, new int[] {2, 0, 1}),
                        new double[][] {{0, 1.5, 2}}),
                Arguments.of("two slots serve two at once; the third (at 2/3) waits for the first to end at 2",
                        TraceWorkloads.of(1, 0, 2, TWO_SECONDS, 60, new int[] {3}),
                        new double[][] {{0, 0, 2 - 2.0 / 3}}),
                Arguments.of("a message arriving later on the higher-priority queue starts before older low-priority ones",
                        TraceWorkloads.of(1, 0, 1, ONE_SECOND, 60, new int[] {0, 1}, new int[] {3, 0}),
                        new double[][] {{0}, {0, 2 - 1.0 / 3, 3 - 2.0 / 3}}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handComputed")
    void waitsAreStartOfServiceMinusArrival(String name, TraceWorkload workload, double[][] waits) {
        Cluster cluster = new Cluster(workload);
        cluster.advanceTo(100);
        Cluster.Totals totals = cluster.finish(100);

        for (int q = 0; q < waits.length; q++) {
            assertThat(totals.waits()[q]).containsExactly(waits[q], within(1e-9));
        }
        assertThat(cluster.drained()).isTrue();
        assertThat(totals.processed()).isEqualTo(workload.messages());
        assertThat(totals.busySlotSeconds()).isCloseTo(sumOfServiceTimes(workload), within(1e-9));
    }

    @Test
    void runEndsWhenTheLastMessageCompletesAndChargesInstancesUntilThen() {
        TraceWorkload workload = TraceWorkloads.of(1, 0, 1, TWO_SECONDS, 1, new int[] {2, 0, 1});

        Summary summary = new Simulation(workload, TraceWorkloads.GROUP).run(Scripted.hold()).summary();

        // messages at 0, 0.5 and 2 end at 2, 4 and 6: one instance from 0 to 6, always busy
        assertThat(summary.instanceSeconds()).isEqualTo(6.0);
        assertThat(summary.busySlotSeconds()).isEqualTo(6.0);
        assertThat(summary.utilization()).isEqualTo(1.0);
        assertThat(summary.waitSeconds()).isEqualTo(new WaitPercentiles(1.5, 2, 2, 2));
        // waits of 1.5 and 2 exceed the 1 s SLO
        assertThat(summary.sloViolationRate()).isEqualTo(2.0 / 3);
    }

    @Test
    void anInstanceServesOnlyAfterItsBootTime() {
        TraceWorkload workload = TraceWorkloads.of(0, 10, 1, ONE_SECOND, 60, new int[] {1});

        Summary summary = new Simulation(workload, TraceWorkloads.GROUP).run(new Scripted(Map.of(0L, 1))).summary();

        // launched at 0, serves at 10, done at 11
        assertThat(summary.waitSeconds().max()).isEqualTo(10.0);
        assertThat(summary.instanceSeconds()).isEqualTo(11.0);
        assertThat(summary.scalingActions()).isEqualTo(1);
    }

    @Test
    void messagesNeverStartedCountAsWaitingUntilTheEndOfTheRun() {
        TraceWorkload workload = TraceWorkloads.of(0, 0, 1, ONE_SECOND, 60, new int[] {1});

        Summary summary = new Simulation(workload, TraceWorkloads.GROUP).run(Scripted.hold()).summary();

        assertThat(summary.processed()).isZero();
        assertThat(summary.waitSeconds().max()).isEqualTo(1.0 + Simulation.DRAIN_CAP_SECONDS);
        assertThat(summary.sloViolationRate()).isEqualTo(1.0);
        assertThat(summary.instanceSeconds()).isZero();
    }

    @Test
    void scaleInTakesAnIdleInstanceAndLetsABusyOneDrain() {
        TraceWorkload workload = TraceWorkloads.of(2, 0, 1, ServiceTime.constant(10), 60, new int[] {1});
        Cluster cluster = new Cluster(workload);
        SimFleet fleet = new SimFleet(TraceWorkloads.GROUP, cluster, 2);
        cluster.advanceTo(1);

        fleet.scaleTo(1);
        assertThat(lifecycles(fleet)).containsExactly("i-00000000 InService");

        cluster.advanceTo(2);
        fleet.scaleTo(0);
        assertThat(lifecycles(fleet)).containsExactly("i-00000000 Terminating:Wait");

        cluster.advanceTo(9.99);
        assertThat(cluster.busy(0)).isEqualTo(1);
        cluster.advanceTo(10);
        assertThat(lifecycles(fleet)).isEmpty();
        Cluster.Totals totals = cluster.finish(20);
        assertThat(totals.processed()).isEqualTo(1);
        // the idle instance lived 0..1, the busy one 0..10 (it finished its message)
        assertThat(totals.instanceSeconds()).isEqualTo(11.0);
    }

    @Test
    void scaleInRemovesABootingInstanceBeforeAnIdleOneInService() {
        TraceWorkload workload = TraceWorkloads.of(1, 60, 1, ONE_SECOND, 60, new int[] {0});
        Cluster cluster = new Cluster(workload);
        SimFleet fleet = new SimFleet(TraceWorkloads.GROUP, cluster, 1);
        fleet.scaleTo(2);
        assertThat(lifecycles(fleet)).containsExactly("i-00000000 InService", "i-00000001 Pending");

        cluster.advanceTo(5);
        fleet.scaleTo(1);

        assertThat(lifecycles(fleet)).containsExactly("i-00000000 InService");
        assertThat(cluster.finish(5).instanceSeconds()).isEqualTo(5.0 + 5.0);
    }

    @Test
    void theOldestInstanceWithAFreeSlotTakesTheNextMessage() {
        TraceWorkload workload = TraceWorkloads.of(3, 0, 2, ServiceTime.constant(100), 60, new int[] {3});
        Cluster cluster = new Cluster(workload);
        cluster.advanceTo(1);

        assertThat(List.of(cluster.busy(0), cluster.busy(1), cluster.busy(2))).containsExactly(2, 1, 0);
    }

    private static List<String> lifecycles(SimFleet fleet) {
        return fleet.describe(List.of(fleet.groupName())).get(fleet.groupName()).instances().stream()
                .map((FleetInstance i) -> i.instanceId() + " " + i.lifecycleState()).toList();
    }

    private static double sumOfServiceTimes(TraceWorkload workload) {
        double total = 0;
        for (int q = 0; q < workload.queues(); q++) {
            for (double s : workload.serviceTimes(q)) {
                total += s;
            }
        }
        return total;
    }
}
