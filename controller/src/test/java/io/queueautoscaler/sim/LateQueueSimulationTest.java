package io.queueautoscaler.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.InMemoryDecisionLog;
import io.queueautoscaler.policy.Behavior;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.Target;
import io.queueautoscaler.testing.PolicyBuilder;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Latency mode never gives up on a late queue: with a maximum too small for the traffic, the
 * daemon's own loop asks for the maximum as soon as the oldest message is past its target and
 * keeps it while the backlog grows, saying the queue is late and by how much.
 */
class LateQueueSimulationTest {
    private static final int TARGET = 20;
    private static final int INTERVAL = 5;
    private static final int MAX = 3;

    @Test
    void aLateQueueGetsTheMaximumWithinOneEvaluationAndKeepsItWhileItsBacklogGrows() {
        // 4 messages/s for 300 s; an instance boots for 60 s and serves one 2 s message at a time
        // (0.5 msg/s, declared), so even 3 instances do 1.5 msg/s: the backlog grows the whole time.
        // Nothing serves before 60 s, so the first message, sent at 0, passes its 20 s target at 20.
        TraceWorkload traffic = TraceWorkloads.of(0, 60, 1, ServiceTime.constant(2), TARGET, TraceWorkloads.steady(300, 4));
        List<Decision> decisions = runAtMax(traffic, 1, 0.5, TARGET);

        Decision late = decisions.stream().filter(d -> d.time().getEpochSecond() == 120).findFirst().orElseThrow();
        assertThat(late.message()).contains("no capacity starts it in time: needs the most allowed, 3");
    }

    /**
     * The deadlines alone would leave this queue behind: the policy declares 4 slots per instance
     * where the workers take one message at a time, so the plan believes each instance does 2 msg/s
     * and that one already running keeps up with 2 msg/s, while it really does 0.5. Only the late
     * rule, which trusts the backlog's growth over the estimates, asks for the maximum (with the
     * rule off, capacity stays at 1 or 2 and this fails).
     */
    @Test
    void aLateQueueGetsTheMaximumEvenWhenTheEstimatesSayItKeepsUp() {
        // One instance in service from the start: at 2 msg/s against 0.5 served, the k-th message
        // waits 1.5 k s, so the oldest passes its 20 s target at about 27 s; 3 instances do 1.5 msg/s.
        TraceWorkload traffic = TraceWorkloads.of(1, 60, 1, ServiceTime.constant(2), TARGET, TraceWorkloads.steady(300, 2));
        List<Decision> decisions = runAtMax(traffic, 4, 2, 27);

        Decision late = decisions.stream().filter(d -> d.time().getEpochSecond() == 120).findFirst().orElseThrow();
        assertThat(late.message()).contains("scale out until it shrinks");
    }

    /**
     * Two late queues and too little capacity for both: the maximum is asked for, the reason leads
     * with the higher-priority queue's lateness, and that queue, served first, works its backlog
     * off while the lower-priority one keeps growing.
     */
    @Test
    void theHighestPriorityLateQueueComesFirst() {
        // 1 msg/s on the high queue, 2 on the low one; 3 instances do 1.5 msg/s (2 s messages, one
        // at a time). Nothing serves before 60 s, so both are late from about 20 s.
        TraceWorkload traffic = TraceWorkloads.of(0, 60, 1, ServiceTime.constant(2), TARGET,
                TraceWorkloads.steady(300, 1), TraceWorkloads.steady(300, 2));
        ScalingPolicy policy = PolicyBuilder.policy().target(new Target(TraceWorkloads.GROUP.autoScalingGroupName(), 0, MAX))
                .queue(PolicyBuilder.HIGH, TARGET).queue(PolicyBuilder.LOW, TARGET).workers(1, 0.5, 60).interval(INTERVAL)
                .behavior(Behavior.latencyDefault(INTERVAL)).build();
        InMemoryDecisionLog log = new InMemoryDecisionLog(1000);

        RunResult run = new Simulation(traffic, policy.target()).run(new ReconcilerAlgorithm(policy, log));

        Decision bothLate = log.all().stream().filter(d -> d.time().getEpochSecond() == 120).findFirst().orElseThrow();
        assertThat(bothLate.desiredCapacity()).hasValue(MAX);
        // The low queue's first messages, waiting since 0 s behind the high queue's, are late too.
        String message = bothLate.message();
        assertThat(message.indexOf(" is late")).as(message).isPositive()
                .isEqualTo(message.indexOf("jobs-high is late") + "jobs-high".length());
        TimelineRow peak = run.timeline().stream().filter(row -> row.second() == 120).findFirst().orElseThrow();
        TimelineRow end = run.timeline().stream().filter(row -> row.second() == 300).findFirst().orElseThrow();
        assertThat(end.desired()).isEqualTo(MAX);
        assertThat(end.backlog()[0]).as("the high queue's backlog").isLessThan(peak.backlog()[0]);
        assertThat(end.backlog()[1]).as("the low queue's backlog").isGreaterThan(peak.backlog()[1]);
    }

    /**
     * Runs the policy (maximum {@link #MAX}) on the traffic and checks that the first evaluation
     * after {@code lateAt}, the second the oldest message passes its target, asks for the maximum,
     * that desired capacity stays there while the traffic lasts, and that the reason says the
     * queue is late and by how much.
     */
    private static List<Decision> runAtMax(TraceWorkload traffic, int concurrency, double throughput, long lateAt) {
        ScalingPolicy policy = PolicyBuilder.policy().target(new Target(TraceWorkloads.GROUP.autoScalingGroupName(), 0, MAX))
                .queue(PolicyBuilder.QUEUE, TARGET).workers(concurrency, throughput, 60).interval(INTERVAL)
                .behavior(Behavior.latencyDefault(INTERVAL)).build();
        InMemoryDecisionLog log = new InMemoryDecisionLog(1000);

        RunResult run = new Simulation(traffic, policy.target()).run(new ReconcilerAlgorithm(policy, log));

        List<Decision> decisions = log.all();
        Decision firstAfter = decisions.stream().filter(d -> d.time().getEpochSecond() > lateAt).findFirst().orElseThrow();
        assertThat(firstAfter.time().getEpochSecond()).isLessThanOrEqualTo(lateAt + INTERVAL);
        assertThat(firstAfter.desiredCapacity()).as(firstAfter.message()).hasValue(MAX);
        for (TimelineRow row : run.timeline()) {
            if (row.second() > lateAt && row.second() <= 300) {
                assertThat(row.desired()).as("desired capacity at %d s, backlog %d", row.second(), row.totalBacklog())
                        .isEqualTo(MAX);
            }
        }
        Decision late = decisions.stream().filter(d -> d.time().getEpochSecond() == 120).findFirst().orElseThrow();
        assertThat(late.message()).contains("jobs is late: its oldest message has waited").contains("s past its 20 s target");
        assertThat(late.reason()).isIn(Reason.LATENCY_TARGET, Reason.ABOVE_MAX);
        // The late queue's words state the need its decision records for it, growing or not.
        Pattern said = Pattern.compile("jobs is late: .*?needs (?:the most allowed, )?(\\d+) at ");
        List<Decision> lateOnes = decisions.stream().filter(d -> d.message().contains("jobs is late")).toList();
        assertThat(lateOnes).isNotEmpty().allSatisfy(d -> {
            Matcher m = said.matcher(d.message());
            assertThat(m.find()).as(d.message()).isTrue();
            int recorded = d.inputs().estimates().orElseThrow().latency().orElseThrow().queues().stream()
                    .filter(q -> q.queue().equals("jobs")).findFirst().orElseThrow().need();
            assertThat(Integer.parseInt(m.group(1))).as(d.message()).isEqualTo(recorded);
        });
        return decisions;
    }
}
