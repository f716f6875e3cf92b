package io.queueautoscaler.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.Behavior;
import io.queueautoscaler.policy.Behavior.RatePolicy;
import io.queueautoscaler.policy.Behavior.Rules;
import io.queueautoscaler.policy.Behavior.SelectPolicy;
import io.queueautoscaler.policy.MetricsSpec;
import io.queueautoscaler.policy.OnMetricFailure;
import io.queueautoscaler.policy.Protection;
import io.queueautoscaler.policy.QueueSpec;
import io.queueautoscaler.policy.ScaleInMode;
import io.queueautoscaler.policy.Scaling;
import io.queueautoscaler.policy.Scaling.ScaleInStep;
import io.queueautoscaler.policy.Scaling.ScaleOutStep;
import io.queueautoscaler.policy.Scaling.Steps;
import io.queueautoscaler.policy.ScalingMode;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.Target;
import io.queueautoscaler.policy.Workers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyParserTest {

    private static final String HIGH = "https://sqs.us-east-1.amazonaws.com/123456789012/video-high";
    private static final String LOW = "https://sqs.us-east-1.amazonaws.com/123456789012/video-low";

    private static final String MINIMAL = """
            metadata:
              name: thumbnails
            spec:
              target:
                autoScalingGroupName: thumbnails-workers
                maxCapacity: 40
              queues:
                - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
            """;

    private final PolicyParser parser = new PolicyParser();

    @Test
    void readsEveryFieldOfAFullDocument() throws PolicyLoadException {
        List<ScalingPolicy> policies = parser.parse("full.yml", """
                apiVersion: queue-autoscaler/v1
                kind: ScalingPolicy
                metadata:
                  name: video-transcode
                spec:
                  target:
                    autoScalingGroupName: video-workers
                    minCapacity: 2
                    maxCapacity: 40
                  queues:
                    - url: https://sqs.us-east-1.amazonaws.com/123456789012/video-high
                      targetWaitSeconds: 60
                    - url: https://sqs.us-east-1.amazonaws.com/123456789012/video-low
                      targetWaitSeconds: 900
                  workers:
                    concurrencyPerInstance: 4
                    messagesPerSecondPerInstance: 2.5
                    warmupSeconds: 90
                  scaling:
                    mode: backlogPerInstance
                    targetBacklogPerInstance: 20
                    steps:
                      scaleOut: [{ backlogAbove: 500, add: 5 }, { backlogAbove: 100, add: 2 }]
                      scaleIn:  [{ backlogBelow: 10, remove: 1 }]
                    activationBacklog: 5
                    activationObservations: 3
                  behavior:
                    scaleUp:
                      stabilizationWindowSeconds: 30
                      selectPolicy: Min
                      policies: [{ type: Percent, value: 50, periodSeconds: 60 }, { type: Instances, value: 2, periodSeconds: 30 }]
                      tolerance: 0.05
                    scaleDown:
                      stabilizationWindowSeconds: 600
                      selectPolicy: Disabled
                      policies: [{ type: Instances, value: 1, periodSeconds: 120 }]
                      tolerance: 0.2
                  metrics:
                    source: cloudwatch
                    includeInFlight: false
                    includeDelayed: true
                  evaluationIntervalSeconds: 30
                  onMetricFailure: { fallbackCapacity: 4, afterFailures: 5 }
                  protection: { enabled: false, leaseSeconds: 120, maxLeaseSeconds: 3600, lifecycleHook: drain-workers }
                  scaleIn: terminateIdle
                  dryRun: true
                """);

        assertThat(policies).containsExactly(new ScalingPolicy(
                "video-transcode",
                new Target("video-workers", 2, 40),
                List.of(new QueueSpec(HIGH, 60), new QueueSpec(LOW, 900)),
                new Workers(4, OptionalDouble.of(2.5), 90),
                new Scaling(ScalingMode.backlogPerInstance, 20,
                        new Steps(List.of(new ScaleOutStep(100, 2), new ScaleOutStep(500, 5)), List.of(new ScaleInStep(10, 1))),
                        5, 3),
                new Behavior(
                        new Rules(30, SelectPolicy.Min, List.of(new RatePolicy(RatePolicy.Type.Percent, 50, 60),
                                new RatePolicy(RatePolicy.Type.Instances, 2, 30)), 0.05),
                        new Rules(600, SelectPolicy.Disabled, List.of(new RatePolicy(RatePolicy.Type.Instances, 1, 120)), 0.2)),
                new MetricsSpec(MetricsSpec.Source.cloudwatch, false, true),
                30,
                new OnMetricFailure(OptionalInt.of(4), 5),
                new Protection(false, 120, 3600, java.util.Optional.of("drain-workers")),
                ScaleInMode.terminateIdle,
                true));
    }

    @Test
    void givesAMinimalDocumentEveryDefault() throws PolicyLoadException {
        ScalingPolicy policy = parser.parse("minimal.yml", MINIMAL).get(0);

        assertThat(policy).isEqualTo(new ScalingPolicy(
                "thumbnails",
                new Target("thumbnails-workers", 0, 40),
                List.of(new QueueSpec("https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails", 300)),
                Workers.DEFAULT,
                new Scaling(ScalingMode.latency, 10, Steps.DEFAULT, 1, 2),
                Behavior.latencyDefault(15),
                MetricsSpec.DEFAULT,
                15,
                OnMetricFailure.DEFAULT,
                Protection.DEFAULT,
                ScaleInMode.setDesired,
                false));
        assertThat(policy.behavior().scaleUp()).isEqualTo(new Rules(0, SelectPolicy.Max, List.of(), 0));
        assertThat(policy.behavior().scaleDown()).isEqualTo(new Rules(60, SelectPolicy.Max,
                List.of(new RatePolicy(RatePolicy.Type.Percent, 100, 15)), 0));
        assertThat(policy.onMetricFailure().fallbackCapacity()).isEmpty();
    }

    @Test
    void givesTheProportionalAndStepModesTheHpaDefaults() throws PolicyLoadException {
        for (String mode : List.of("backlogPerInstance", "step")) {
            ScalingPolicy policy = parser.parse(mode + ".yml", MINIMAL + "  scaling: { mode: " + mode + " }\n").get(0);

            assertThat(policy.behavior()).as(mode).isEqualTo(Behavior.DEFAULT);
        }
    }

    @Test
    void derivesLatencyModesScaleDownWindowFromTheEvaluationInterval() throws PolicyLoadException {
        ScalingPolicy policy = parser.parse("interval.yml", MINIMAL + "  evaluationIntervalSeconds: 5\n").get(0);

        assertThat(policy.behavior().scaleDown().stabilizationWindowSeconds()).isEqualTo(20);
    }

    @Test
    void keepsTheModesDefaultsForWhatAPartialRulesBlockLeavesOut() throws PolicyLoadException {
        ScalingPolicy policy = parser.parse("partial.yml", MINIMAL + """
                  scaling: { mode: backlogPerInstance }
                  behavior:
                    scaleDown:
                      stabilizationWindowSeconds: 60
                """).get(0);

        assertThat(policy.behavior().scaleUp()).isEqualTo(Behavior.DEFAULT_SCALE_UP);
        assertThat(policy.behavior().scaleDown()).isEqualTo(new Rules(60, SelectPolicy.Max,
                Behavior.DEFAULT_SCALE_DOWN.policies(), Behavior.DEFAULT_TOLERANCE));
    }

    @Test
    void readsANullFallbackCapacityAsNone() throws PolicyLoadException {
        ScalingPolicy policy = parser.parse("fallback.yml", MINIMAL + """
                  onMetricFailure: { fallbackCapacity: null, afterFailures: 2 }
                """).get(0);

        assertThat(policy.onMetricFailure()).isEqualTo(new OnMetricFailure(OptionalInt.empty(), 2));
    }

    @Test
    void keepsTheDefaultStepsForTheListAStepsBlockLeavesOut() throws PolicyLoadException {
        ScalingPolicy policy = parser.parse("steps.yml", MINIMAL + """
                  scaling:
                    mode: step
                    steps:
                      scaleOut: [{ backlogAbove: 20, add: 2 }]
                """).get(0);

        assertThat(policy.scaling().steps()).isEqualTo(new Steps(List.of(new ScaleOutStep(20, 2)), Steps.DEFAULT.scaleIn()));
    }

    @Test
    void readsEveryDocumentOfAFileInOrder() throws PolicyLoadException {
        List<ScalingPolicy> policies = parser.parse("multi.yml", MINIMAL + """
                ---
                metadata:
                  name: video-transcode
                spec:
                  target: { autoScalingGroupName: video-workers, maxCapacity: 10 }
                  queues: [{ url: https://sqs.us-east-1.amazonaws.com/123456789012/video-high }]
                ---
                """);

        assertThat(policies).extracting(ScalingPolicy::name).containsExactly("thumbnails", "video-transcode");
        assertThat(policies).extracting(ScalingPolicy::autoScalingGroupName)
                .containsExactly("thumbnails-workers", "video-workers");
    }

    @Test
    void readsAnchorsAliasesAndMergeKeysLikeFieldsWrittenOut() throws PolicyLoadException {
        ScalingPolicy policy = parser.parse("anchors.yml", MINIMAL + """
                  behavior:
                    scaleUp: &gentle
                      stabilizationWindowSeconds: 60
                      policies: [{ type: Instances, value: 1, periodSeconds: 60 }]
                    scaleDown:
                      <<: *gentle
                      stabilizationWindowSeconds: 120
                """).get(0);

        List<RatePolicy> oneAMinute = List.of(new RatePolicy(RatePolicy.Type.Instances, 1, 60));
        assertThat(policy.behavior()).isEqualTo(new Behavior(
                new Rules(60, SelectPolicy.Max, oneAMinute, 0),
                new Rules(120, SelectPolicy.Max, oneAMinute, 0)));
    }

    @Test
    void parsesTheExampleOfTheDesignDocument() throws PolicyLoadException {
        ScalingPolicy policy = parser.parse("design.yml", """
                apiVersion: queue-autoscaler/v1
                kind: ScalingPolicy
                metadata:
                  name: thumbnails                # [a-z0-9]([-a-z0-9]*[a-z0-9])?, max 63, unique
                spec:
                  target:
                    autoScalingGroupName: thumbnails-workers
                    minCapacity: 0
                    maxCapacity: 40
                  queues:                          # one or more; list order is priority order
                    - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails-high
                      targetWaitSeconds: 60        # a message should start within this
                    - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails-low
                      targetWaitSeconds: 900
                  workers:
                    concurrencyPerInstance: 4
                    messagesPerSecondPerInstance: 2.0   # optional; learned from observations when absent
                    warmupSeconds: 120
                  scaling:
                    mode: latency                  # latency | backlogPerInstance | step
                    targetBacklogPerInstance: 20   # backlogPerInstance mode
                    steps:                         # step mode (the CloudWatch-alarm recipe)
                      scaleOut: [{ backlogAbove: 100, add: 2 }, { backlogAbove: 500, add: 5 }]
                      scaleIn:  [{ backlogBelow: 10, remove: 1 }]
                    activationBacklog: 1           # from zero only when backlog >= this
                  behavior:                        # Kubernetes HPA semantics and defaults
                    scaleUp:
                      stabilizationWindowSeconds: 0
                      selectPolicy: Max
                      policies: [{ type: Percent, value: 100, periodSeconds: 15 }, { type: Instances, value: 4, periodSeconds: 15 }]
                    scaleDown:
                      stabilizationWindowSeconds: 300
                      policies: [{ type: Percent, value: 100, periodSeconds: 15 }]
                  metrics:
                    source: sqs                    # sqs | cloudwatch
                    includeInFlight: true
                    includeDelayed: false
                  evaluationIntervalSeconds: 15
                  onMetricFailure: { fallbackCapacity: null, afterFailures: 3 }
                  protection: { enabled: true, leaseSeconds: 300, maxLeaseSeconds: 86400 }
                  scaleIn: setDesired              # setDesired (AWS picks) | terminateIdle (the daemon removes chosen idle instances)
                  dryRun: false
                """).get(0);

        assertThat(policy.queueUrls()).containsExactly(
                "https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails-high",
                "https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails-low");
        assertThat(policy.workers()).isEqualTo(new Workers(4, OptionalDouble.of(2.0), 120));
        // The example's rules are the HPA's; the tolerance it leaves out is latency mode's default, 0.
        assertThat(policy.behavior()).isEqualTo(new Behavior(
                new Rules(0, SelectPolicy.Max, Behavior.DEFAULT_SCALE_UP.policies(), 0),
                new Rules(300, SelectPolicy.Max, Behavior.DEFAULT_SCALE_DOWN.policies(), 0)));
        assertThat(policy.scaling().targetBacklogPerInstance()).isEqualTo(20);
    }

    @Test
    void namesAFileByItsPathInProblems(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("broken.yml"), "metadata: { name: x }\n");

        PolicyLoadException rejected = org.assertj.core.api.Assertions.catchThrowableOfType(
                PolicyLoadException.class, () -> parser.parse(file));

        assertThat(rejected.problems()).containsExactly(new PolicyProblem(file.toString(), 1, "spec", "is required"));
        assertThat(rejected).hasMessage("policies rejected, 1 problem:\n  " + file + ":1 spec: is required");
    }
}
