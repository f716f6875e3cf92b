package io.queueautoscaler.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.aws.AwsConfiguration;
import io.queueautoscaler.fleet.AsgFleet;
import io.queueautoscaler.fleet.CachingFleet;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.InMemoryDecisionLog;
import io.queueautoscaler.history.Outcome;
import io.queueautoscaler.metrics.SqsQueueMetrics;
import io.queueautoscaler.policy.Behavior;
import io.queueautoscaler.policy.OnMetricFailure;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.recommend.Recommender;
import io.queueautoscaler.reconcile.Reconciler;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.testing.AutoScalingStubs;
import io.queueautoscaler.testing.PolicyBuilder;
import io.queueautoscaler.testing.TestResources;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Outages of SQS and Auto Scaling behind the real SDK clients (WireMock answering as AWS does,
 * then failing in every way the reliability run found), evaluated on a virtual clock every 15 s
 * (25 s during the outage, to keep hangs few). A steady backlog holds 8 instances; the outage
 * (75 s) outlasts the 60 s scale-down window; the first
 * observations after it read a lull that would recommend 5. The evaluations failed during the
 * outage keep the recommendation in force in the window, so neither of the next two scales in.
 */
class AwsOutageTest {

    @RegisterExtension
    static final WireMockExtension AWS = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final String GROUP = "jobs-workers";
    private static final String SQS = "AmazonSQS.GetQueueAttributes";
    private static final Behavior WINDOW_60_S = PolicyBuilder.unlimited(0, 60);

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final InMemoryDecisionLog log = new InMemoryDecisionLog(1000);
    private AwsClients clients;
    private Reconciler reconciler;

    @BeforeEach
    void connect() {
        AwsConfiguration config = new AwsConfiguration();
        config.setEndpointOverride(URI.create("http://127.0.0.1:" + AWS.getPort()));
        config.setApiCallAttemptTimeout(Duration.ofSeconds(2));
        config.setApiCallTimeout(Duration.ofSeconds(4));
        clients = AwsClients.forLocalEndpoints(config);
        reconciler = new Reconciler(source -> new SqsQueueMetrics(clients.sqs()),
                new CachingFleet(new AsgFleet(clients.autoScaling()), clock), log, group -> Map.of(),
                new Recommender(), clock);
        setDesiredAnswers();
        warmUp();
    }

    /**
     * The SDK's first calls load its models and are compiled as they run; on a busy machine they
     * alone can outlast the short timeouts this test needs, so a few tries first.
     */
    private void warmUp() {
        healthy(80);
        for (int attempt = 1; ; attempt++) {
            try {
                new SqsQueueMetrics(clients.sqs()).read(List.of(PolicyBuilder.QUEUE));
                new AsgFleet(clients.autoScaling()).describe(List.of(GROUP));
                return;
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    static Stream<Arguments> outages() {
        return Stream.of(
                sqs("SQS 500", json(500, "{\"__type\":\"InternalFailure\",\"message\":\"internal\"}")),
                sqs("SQS throttling", json(400, TestResources.text("aws/sqs/error-request-throttled.json"))
                        .withHeader("x-amzn-query-error", "RequestThrottled;Sender")),
                sqs("SQS garbage", json(200, "<html>502 Bad Gateway</html>")),
                sqs("SQS negative count", json(200, attributes(-5))),
                sqs("SQS missing counts", json(200, "{\"Attributes\":{}}")),
                sqs("SQS empty answer", json(200, "")),
                sqs("SQS reset connection", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
                sqs("SQS hang", json(200, attributes(80)).withFixedDelay(6_000)),
                autoScaling("Auto Scaling 500", xml(500, "<ErrorResponse><Error><Type>Receiver</Type>"
                        + "<Code>InternalFailure</Code><Message>internal</Message></Error></ErrorResponse>")),
                autoScaling("Auto Scaling throttling",
                        xml(400, TestResources.text("aws/autoscaling/error-throttling.xml"))),
                autoScaling("Auto Scaling garbage", xml(200, "<html>502 Bad Gateway</html>")),
                autoScaling("Auto Scaling negative capacity", xml(200, groups(-3))),
                autoScaling("Auto Scaling missing capacity", xml(200, groups(8).replace("<DesiredCapacity>8</DesiredCapacity>", ""))),
                autoScaling("Auto Scaling empty answer", xml(200, "")),
                autoScaling("Auto Scaling hang", xml(200, groups(8)).withFixedDelay(6_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outages")
    void noScaleInWithinTwoEvaluationsAfterTheOutageEnds(String name, String service, ResponseDefinitionBuilder fault) {
        ScalingPolicy policy = policy(OnMetricFailure.DEFAULT, WINDOW_60_S);
        healthy(80);
        evaluate(policy, 3);
        assertThat(log.all()).allSatisfy(d -> assertThat(d.desiredCapacity()).hasValue(8));

        AWS.stubFor(post(urlEqualTo("/")).atPriority(1).withRequestBody(containing(service)).willReturn(fault));
        AWS.stubFor(post(urlEqualTo("/")).atPriority(1).withHeader("X-Amz-Target", equalTo(service)).willReturn(fault));
        List<Decision> during = evaluate(policy, 3, Duration.ofSeconds(25));
        assertThat(during).allSatisfy(d -> assertThat(d.outcome()).as(d.message()).isEqualTo(Outcome.FAILED));

        AWS.resetAll();
        setDesiredAnswers();
        healthy(50);
        List<Decision> after = evaluate(policy, 2);
        assertThat(after).as("the two evaluations after the outage").allSatisfy(d -> {
            assertThat(d.action()).as(d.message()).isNotEqualTo(Action.SCALE_IN);
            assertThat(d.desiredCapacity()).hasValue(8);
        });
        assertThat(after.get(1).reason()).isEqualTo(Reason.SCALE_DOWN_STABILIZED);
        AWS.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=SetDesiredCapacity&")));

        List<Decision> later = evaluate(policy, 4);
        assertThat(later).as("once the window has seen only the lull, it scales in")
                .anySatisfy(d -> assertThat(d.action()).isEqualTo(Action.SCALE_IN));
    }

    @Test
    void theFallbackComesDownNoFasterThanTheScaleDownLimitAndSaysSo() {
        Behavior twoPer30s = new Behavior(PolicyBuilder.TENFOLD.scaleUp(), new Behavior.Rules(0,
                Behavior.SelectPolicy.Max, List.of(new Behavior.RatePolicy(Behavior.RatePolicy.Type.Instances, 2, 30)), 0));
        ScalingPolicy policy = policy(new OnMetricFailure(OptionalInt.of(2), 1), twoPer30s);
        healthy(100);
        groupAt(10);
        evaluate(policy, 1);

        AWS.stubFor(post(urlEqualTo("/")).atPriority(1).withHeader("X-Amz-Target", equalTo(SQS))
                .willReturn(json(500, "{\"__type\":\"InternalFailure\",\"message\":\"internal\"}")));
        List<Integer> desired = new ArrayList<>();
        int capacity = 10;
        for (int i = 0; i < 6; i++) {
            groupAt(capacity);
            Decision d = evaluate(policy, 1).get(0);
            assertThat(d.reason()).as(d.message()).isIn(Reason.SCALE_DOWN_LIMIT, Reason.METRICS_FAILED_FALLBACK);
            if (d.reason() == Reason.SCALE_DOWN_LIMIT) {
                assertThat(d.message()).contains("fallbackCapacity 2").contains("scale-down limit");
            }
            capacity = d.desiredCapacity().getAsInt();
            desired.add(capacity);
        }
        // 15 s apart, 2 per 30 s: 10 -> 8, hold, 8 -> 6 ... never 10 -> 2 in one step
        assertThat(desired).containsExactly(8, 8, 6, 6, 4, 4);
    }

    private static void setDesiredAnswers() {
        AWS.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=SetDesiredCapacity&"))
                .willReturn(xml(200, TestResources.text("aws/autoscaling/set-desired-capacity.xml"))));
    }

    private List<Decision> evaluate(ScalingPolicy policy, int times) {
        return evaluate(policy, times, Duration.ofSeconds(15));
    }

    private List<Decision> evaluate(ScalingPolicy policy, int times, Duration apart) {
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            clock.advance(apart);
            decisions.add(reconciler.reconcile(policy));
        }
        return decisions;
    }

    private static ScalingPolicy policy(OnMetricFailure onFailure, Behavior behavior) {
        return PolicyBuilder.backlog("jobs", GROUP, 0, 40).behavior(behavior).onMetricFailure(onFailure).build();
    }

    private static void healthy(long visible) {
        AWS.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(SQS)).willReturn(json(200, attributes(visible))));
        groupAt(8);
    }

    private static void groupAt(int desired) {
        AWS.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeAutoScalingGroups&"))
                .willReturn(xml(200, groups(desired))));
    }

    private static Arguments sqs(String name, ResponseDefinitionBuilder fault) {
        return Arguments.of(name, SQS, fault);
    }

    private static Arguments autoScaling(String name, ResponseDefinitionBuilder fault) {
        return Arguments.of(name, "Action=DescribeAutoScalingGroups&", fault);
    }

    private static String attributes(long visible) {
        return "{\"Attributes\":{\"ApproximateNumberOfMessages\":\"" + visible
                + "\",\"ApproximateNumberOfMessagesNotVisible\":\"0\",\"ApproximateNumberOfMessagesDelayed\":\"0\"}}";
    }

    private static String groups(int desired) {
        return AutoScalingStubs.groups(desired, GROUP);
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0")
                .withHeader("x-amzn-RequestId", "0f4e9b2d-7c61-4a3e-b8d5-1a2b3c4d5e6f").withBody(body);
    }

    private static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", "0f4e9b2d-7c61-4a3e-b8d5-1a2b3c4d5e6f").withBody(body);
    }
}
