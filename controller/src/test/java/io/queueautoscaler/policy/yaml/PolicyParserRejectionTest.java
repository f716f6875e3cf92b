package io.queueautoscaler.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each invalid file is rejected with every problem it has, each with its file, line and field. */
class PolicyParserRejectionTest {

    private static final String FILE = "policies/a.yml";

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void rejectsWithEveryProblemAndItsLine(String why, String yaml, List<String> expected) {
        PolicyLoadException rejected = catchThrowableOfType(PolicyLoadException.class,
                () -> new PolicyParser().parse(FILE, yaml));

        assertThat(rejected.problems()).map(PolicyProblem::toString).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> invalidFiles() {
        return Stream.of(
                rejected("a missing maxCapacity is reported at its mapping", """
                        apiVersion: queue-autoscaler/v1
                        kind: ScalingPolicy
                        metadata:
                          name: thumbnails
                        spec:
                          target:
                            autoScalingGroupName: thumbnails-workers
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        """,
                        "policies/a.yml:6 spec.target.maxCapacity: is required"),
                rejected("maxCapacity below minCapacity", """
                        metadata:
                          name: thumbnails
                        spec:
                          target:
                            autoScalingGroupName: thumbnails-workers
                            minCapacity: 5
                            maxCapacity: 3
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        """,
                        "policies/a.yml:7 spec.target.maxCapacity: 3 is below minCapacity 5"),
                rejected("an unknown field names the allowed ones", """
                        metadata:
                          name: thumbnails
                        spec:
                          target:
                            autoScalingGroupName: thumbnails-workers
                            maxCapacty: 10
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        """,
                        "policies/a.yml:4 spec.target.maxCapacity: is required",
                        "policies/a.yml:6 spec.target: unknown field 'maxCapacty'"
                                + " (allowed: autoScalingGroupName, minCapacity, maxCapacity)"),
                rejected("a bad enum value lists the allowed values", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                          scaling:
                            mode: Latency
                        """,
                        "policies/a.yml:8 spec.scaling.mode: unknown value 'Latency'"
                                + " (allowed: latency, backlogPerInstance, step)"),
                rejected("a negative evaluation interval", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                          evaluationIntervalSeconds: -5
                        """,
                        "policies/a.yml:7 spec.evaluationIntervalSeconds: -5 is below the minimum 1"),
                rejected("an integer where a string belongs", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: 12345, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        """,
                        "policies/a.yml:4 spec.target.autoScalingGroupName: expected a string, got an integer (12345);"
                                + " quote it if it is meant as text"),
                rejected("a quoted number where an integer belongs", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: "10" }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        """,
                        "policies/a.yml:4 spec.target.maxCapacity: expected an integer, got a string ('10')"),
                rejected("a hexadecimal integer, which YAML 1.1 reads but people misread", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 0x10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        """,
                        "policies/a.yml:4 spec.target.maxCapacity: write 0x10 as a decimal integer"),
                rejected("a capacity beyond the integer range", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 99999999999 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        """,
                        "policies/a.yml:4 spec.target.maxCapacity: 99999999999 is above the maximum 2147483647"),
                rejected("a boolean that is not one", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                          dryRun: maybe
                        """,
                        "policies/a.yml:7 spec.dryRun: expected true or false, got a string ('maybe')"),
                rejected("a mapping given as a list", """
                        metadata:
                          name: thumbnails
                        spec:
                          target:
                            - autoScalingGroupName: thumbnails-workers
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        """,
                        "policies/a.yml:5 spec.target: expected a mapping, got a list"),
                rejected("another apiVersion and kind", """
                        apiVersion: autoscaling/v2
                        kind: HorizontalPodAutoscaler
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        """,
                        "policies/a.yml:1 apiVersion: unsupported apiVersion 'autoscaling/v2'"
                                + " (supported: queue-autoscaler/v1)",
                        "policies/a.yml:2 kind: unknown kind 'HorizontalPodAutoscaler' (expected: ScalingPolicy)"),
                rejected("a name with capitals and an underscore", """
                        metadata:
                          name: Thumbnails_1
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        """,
                        "policies/a.yml:2 metadata.name: 'Thumbnails_1' is not a valid name: use lowercase letters,"
                                + " digits and '-', starting and ending with a letter or digit, at most 63 characters"),
                rejected("a name of 64 characters", """
                        metadata:
                          name: %s
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        """.formatted("a".repeat(64)),
                        "policies/a.yml:2 metadata.name: '" + "a".repeat(64) + "' is not a valid name: use lowercase"
                                + " letters, digits and '-', starting and ending with a letter or digit, at most 63 characters"),
                rejected("no metadata and no queues", """
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                        """,
                        "policies/a.yml:1 metadata: is required",
                        "policies/a.yml:1 spec.queues: is required"),
                rejected("an empty queue list", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues: []
                        """,
                        "policies/a.yml:5 spec.queues: must list at least one queue"),
                rejected("a queue without url, and one whose url is no URL", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - targetWaitSeconds: 60
                            - url: thumbnails-low
                        """,
                        "policies/a.yml:6 spec.queues[0].url: is required",
                        "policies/a.yml:7 spec.queues[1].url: 'thumbnails-low' is not a queue URL"
                                + " (like https://sqs.us-east-1.amazonaws.com/123456789012/my-queue)"),
                rejected("the same queue listed twice", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                              targetWaitSeconds: 60
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        """,
                        "policies/a.yml:8 spec.queues[1].url: 'https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails'"
                                + " is listed twice, first as spec.queues[0] on line 6"),
                rejected("a field given twice", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                          evaluationIntervalSeconds: 15
                          evaluationIntervalSeconds: 30
                        """,
                        "policies/a.yml:8 spec.evaluationIntervalSeconds: given twice, first on line 7"),
                rejected("a declared throughput of zero", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                          workers: { messagesPerSecondPerInstance: 0 }
                        """,
                        "policies/a.yml:7 spec.workers.messagesPerSecondPerInstance: 0 must be above 0"
                                + " (leave it out to learn it from observations)"),
                rejected("HPA bounds on windows, periods, values and tolerance", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                          behavior:
                            scaleUp:
                              stabilizationWindowSeconds: 3601
                              selectPolicy: max
                              policies:
                                - { type: Percent, value: 0, periodSeconds: 1801 }
                                - { type: Pods, value: 4, periodSeconds: 0 }
                            scaleDown:
                              policies: []
                              tolerance: 1.0
                        """,
                        "policies/a.yml:9 spec.behavior.scaleUp.stabilizationWindowSeconds: 3601 is above the maximum 3600",
                        "policies/a.yml:10 spec.behavior.scaleUp.selectPolicy: unknown value 'max' (allowed: Max, Min, Disabled)",
                        "policies/a.yml:12 spec.behavior.scaleUp.policies[0].value: 0 is below the minimum 1",
                        "policies/a.yml:12 spec.behavior.scaleUp.policies[0].periodSeconds: 1801 is above the maximum 1800",
                        "policies/a.yml:13 spec.behavior.scaleUp.policies[1].type: unknown value 'Pods' (allowed: Instances, Percent)",
                        "policies/a.yml:13 spec.behavior.scaleUp.policies[1].periodSeconds: 0 is below the minimum 1",
                        "policies/a.yml:15 spec.behavior.scaleDown.policies: must list at least one policy"
                                + " (leave policies out for the defaults)",
                        "policies/a.yml:16 spec.behavior.scaleDown.tolerance: 1.0 must be within [0, 1)"),
                rejected("a lease longer than the longest lease, and a fallback above maxCapacity", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                          protection: { leaseSeconds: 600, maxLeaseSeconds: 300 }
                          onMetricFailure: { fallbackCapacity: 50, afterFailures: 0 }
                        """,
                        "policies/a.yml:7 spec.protection.leaseSeconds: 600 is above maxLeaseSeconds 300",
                        "policies/a.yml:8 spec.onMetricFailure.afterFailures: 0 is below the minimum 1",
                        "policies/a.yml:8 spec.onMetricFailure.fallbackCapacity: 50 is above maxCapacity 10"),
                rejected("a lifecycle hook name Auto Scaling would refuse", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                          protection:
                            lifecycleHook: "drain workers!"
                        """,
                        "policies/a.yml:8 spec.protection.lifecycleHook: 'drain workers!' is not a lifecycle hook name:"
                                + " 1 to 255 letters, digits, '-', '_' or '/' (the name given to put-lifecycle-hook)"),
                rejected("steps that would add and remove at the same backlog, and a repeated threshold", """
                        metadata:
                          name: reports
                        spec:
                          target: { autoScalingGroupName: reports-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/reports
                          scaling:
                            mode: step
                            steps:
                              scaleOut: [{ backlogAbove: 100, add: 1 }, { backlogAbove: 100, add: 3 }]
                              scaleIn: [{ backlogBelow: 200, remove: 1 }]
                        """,
                        "policies/a.yml:10 spec.scaling.steps.scaleOut[1].backlogAbove: threshold 100 is also used by"
                                + " spec.scaling.steps.scaleOut[0]"),
                rejected("a step without its remove count", """
                        metadata:
                          name: reports
                        spec:
                          target: { autoScalingGroupName: reports-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/reports
                          scaling:
                            mode: step
                            steps:
                              scaleOut: [{ backlogAbove: 100, add: 1 }]
                              scaleIn: [{ backlogBelow: 200, remove: 1 }, { backlogBelow: 10 }]
                        """,
                        "policies/a.yml:11 spec.scaling.steps.scaleIn[1].remove: is required"),
                rejected("steps that would flap", """
                        metadata:
                          name: reports
                        spec:
                          target: { autoScalingGroupName: reports-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/reports
                          scaling:
                            steps:
                              scaleOut: [{ backlogAbove: 100, add: 1 }]
                              scaleIn: [{ backlogBelow: 200, remove: 1 }]
                        """,
                        "policies/a.yml:10 spec.scaling.steps.scaleIn: backlogBelow 200 overlaps backlogAbove 100 of"
                                + " scaleOut: a backlog of 101..199 would both add and remove instances"),
                rejected("several problems in one document are all reported, in line order", """
                        apiVersion: queue-autoscaler/v1
                        kind: ScalingPolicy
                        metadata:
                          name: thumbnails
                          labels: { team: media }
                        spec:
                          target:
                            autoScalingGroupName: thumbnails-workers
                            minCapacity: -1
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                              targetWaitSeconds: 0
                          metrics: { source: prometheus }
                          scaleIn: terminateBusy
                        """,
                        "policies/a.yml:5 metadata: unknown field 'labels' (allowed: name)",
                        "policies/a.yml:7 spec.target.maxCapacity: is required",
                        "policies/a.yml:9 spec.target.minCapacity: -1 is below the minimum 0",
                        "policies/a.yml:12 spec.queues[0].targetWaitSeconds: 0 is below the minimum 1",
                        "policies/a.yml:13 spec.metrics.source: unknown value 'prometheus' (allowed: sqs, cloudwatch)",
                        "policies/a.yml:14 spec.scaleIn: unknown value 'terminateBusy' (allowed: setDesired, terminateIdle)"),
                rejected("malformed YAML is reported at the line SnakeYAML gives", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        """,
                        "policies/a.yml:5 malformed YAML: expected ',' or '}', but got : (while parsing a flow mapping"
                                + " started on line 4)"),
                rejected("a bad document before a malformed one: both are reported", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        ---
                        metadata:
                          name: reports
                         spec: {}
                        """,
                        "policies/a.yml:4 spec.target.maxCapacity: is required",
                        "policies/a.yml:10 malformed YAML: expected <block end>, but found '<block mapping start>'"
                                + " (while parsing a block mapping started on line 8)"),
                rejected("two documents of one file with one name and one group", """
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails
                        ---
                        metadata:
                          name: thumbnails
                        spec:
                          target: { autoScalingGroupName: thumbnails-workers, maxCapacity: 10 }
                          queues:
                            - url: https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails-low
                        """,
                        "policies/a.yml:9 metadata.name: duplicate policy name 'thumbnails': also defined in policies/a.yml:2",
                        "policies/a.yml:11 spec.target.autoScalingGroupName: group 'thumbnails-workers' is already sized by"
                                + " policy 'thumbnails' (policies/a.yml:4): two policies would fight over its desired capacity"),
                rejected("a document that is a list", """
                        - name: thumbnails
                        """,
                        "policies/a.yml:1 expected a mapping, got a list"),
                rejected("an empty file", """
                        # nothing here yet
                        """,
                        "policies/a.yml holds no policy (the file is empty)"));
    }

    private static Arguments rejected(String why, String yaml, String... problems) {
        return Arguments.of(why, yaml, List.of(problems));
    }
}
