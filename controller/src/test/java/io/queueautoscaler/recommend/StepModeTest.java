package io.queueautoscaler.recommend;

import static io.queueautoscaler.recommend.PolicyFixture.depth;
import static io.queueautoscaler.recommend.PolicyFixture.fleet;
import static io.queueautoscaler.recommend.PolicyFixture.observe;
import static io.queueautoscaler.testing.PolicyBuilder.HIGH;
import static io.queueautoscaler.testing.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.Scaling;
import io.queueautoscaler.policy.ScalingMode;
import io.queueautoscaler.policy.ScalingPolicy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StepModeTest {
    /** The design document's recipe: +2 above 100, +5 above 500, -1 below 10, and -2 below 3. */
    static final Scaling.Steps STEPS = new Scaling.Steps(
            List.of(new Scaling.ScaleOutStep(500, 5), new Scaling.ScaleOutStep(100, 2)),
            List.of(new Scaling.ScaleInStep(10, 1), new Scaling.ScaleInStep(3, 2)));

    record Case(String name, long backlog, int current, int expected, Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("the largest scale-out step exceeded adds its instances", 620, 4, 9, Reason.STEP_SCALE_OUT),
                new Case("only the smaller scale-out step is exceeded", 101, 4, 6, Reason.STEP_SCALE_OUT),
                new Case("a backlog equal to backlogAbove does not exceed it", 100, 4, 4, Reason.STEP_NO_MATCH),
                new Case("between the scale-in and scale-out thresholds nothing changes", 50, 4, 4, Reason.STEP_NO_MATCH),
                new Case("under one scale-in threshold removes its instances", 5, 4, 3, Reason.STEP_SCALE_IN),
                new Case("under both scale-in thresholds the smallest backlogBelow wins", 2, 4, 2, Reason.STEP_SCALE_IN),
                new Case("a backlog equal to backlogBelow is not under it", 10, 4, 4, Reason.STEP_NO_MATCH),
                new Case("a scale-in never goes below zero", 0, 1, 0, Reason.STEP_SCALE_IN),
                new Case("a pool at zero scales out from zero", 620, 0, 5, Reason.STEP_SCALE_OUT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void adjustsRelativeToCurrentCapacity(Case c) {
        ScalingPolicy policy = policy().mode(ScalingMode.step).steps(STEPS).build();
        Observation observation = observe(0, fleet(c.current()), depth(HIGH, c.backlog(), 0));

        Stage stage = StepMode.recommend(policy, observation, c.current());

        assertThat(stage.capacity()).isEqualTo(c.expected());
        assertThat(stage.reason()).isEqualTo(c.reason());
        assertThat(stage.detail()).startsWith("backlog " + c.backlog());
    }
}
