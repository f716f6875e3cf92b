package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.fleet;
import static io.queueautoscaler.testing.PolicyBuilder.HIGH;
import static io.queueautoscaler.testing.PolicyBuilder.LOW;
import static io.queueautoscaler.testing.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.MetricsSpec;
import io.queueautoscaler.policy.ScalingMode;
import io.queueautoscaler.testing.PolicyBuilder;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BacklogPerInstanceModeTest {

    record Case(String name, MetricsSpec metrics, List<QueueDepth> queues, int expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        MetricsSpec visibleOnly = new MetricsSpec(MetricsSpec.Source.sqs, false, false);
        MetricsSpec withDelayed = new MetricsSpec(MetricsSpec.Source.sqs, true, true);
        return Stream.of(
                new Case("an empty queue needs nothing", MetricsSpec.DEFAULT, List.of(new QueueDepth(HIGH, 0, 0, 0)), 0),
                new Case("a backlog of exactly the target needs one instance", MetricsSpec.DEFAULT,
                        List.of(new QueueDepth(HIGH, 20, 0, 0)), 1),
                new Case("one message over the target needs a second instance", MetricsSpec.DEFAULT,
                        List.of(new QueueDepth(HIGH, 21, 0, 0)), 2),
                new Case("in-flight messages count by default", MetricsSpec.DEFAULT,
                        List.of(new QueueDepth(HIGH, 30, 30, 0)), 3),
                new Case("in-flight messages do not count when includeInFlight is off", visibleOnly,
                        List.of(new QueueDepth(HIGH, 30, 30, 0)), 2),
                new Case("delayed messages count only when includeDelayed is on", withDelayed,
                        List.of(new QueueDepth(HIGH, 30, 0, 50)), 4),
                new Case("delayed messages do not count by default", MetricsSpec.DEFAULT,
                        List.of(new QueueDepth(HIGH, 30, 0, 50)), 2),
                new Case("the backlog is summed over every queue", MetricsSpec.DEFAULT,
                        List.of(new QueueDepth(HIGH, 900, 0, 0), new QueueDepth(LOW, 900, 0, 0)), 90));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void needsCeilOfBacklogOverTarget(Case c) {
        PolicyBuilder builder = policy().mode(ScalingMode.backlogPerInstance).targetBacklog(20).metrics(c.metrics());
        c.queues().forEach(q -> builder.queue(q.url(), 60));
        Observation observation = Observation.of(Instant.EPOCH, fleet(3), c.queues());

        Stage stage = BacklogPerInstanceMode.recommend(builder.build(), observation);

        assertThat(stage.capacity()).isEqualTo(c.expected());
        assertThat(stage.reason()).isEqualTo(Reason.BACKLOG_PER_INSTANCE);
        assertThat(stage.detail()).contains("needs " + c.expected()).contains("at 20 messages per instance");
    }
}
