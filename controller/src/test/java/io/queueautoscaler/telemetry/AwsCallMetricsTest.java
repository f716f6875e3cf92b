package io.queueautoscaler.telemetry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.aws.AwsConfiguration;
import io.queueautoscaler.testing.PrometheusText;
import io.queueautoscaler.testing.TestResources;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkException;

/** Each AWS call is counted once, by service, operation and what came of it, as AWS answers (or does not). */
class AwsCallMetricsTest {
    @RegisterExtension
    static final WireMockExtension AWS = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AwsCallMetrics metrics = new AwsCallMetrics(registry);
    private AwsClients clients;

    private AwsClients clients(URI endpoint) {
        AwsConfiguration config = new AwsConfiguration();
        config.setEndpointOverride(endpoint);
        config.setApiCallAttemptTimeout(Duration.ofSeconds(2));
        config.setApiCallTimeout(Duration.ofSeconds(30));
        clients = AwsClients.forLocalEndpoints(config).observedBy(metrics);
        return clients;
    }

    private AwsClients clients() {
        return clients(URI.create(AWS.baseUrl()));
    }

    @AfterEach
    void close() {
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void aThrottledAutoScalingCallIsCountedAsThrottled() {
        AWS.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml")
                .withBody(TestResources.text("aws/autoscaling/error-throttling.xml"))));

        assertThatThrownBy(() -> clients().autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames("workers")))
                .isInstanceOf(SdkException.class);

        assertThat(count("autoscaling", "DescribeAutoScalingGroups", "throttled")).isEqualTo(1);
        assertThat(total()).isEqualTo(1);
    }

    @Test
    void aThrottledSqsCallIsCountedAsThrottled() {
        AWS.stubFor(post(urlEqualTo("/")).willReturn(json(400, "aws/sqs/error-request-throttled.json")
                .withHeader("x-amzn-query-error", "RequestThrottled;Sender")));

        assertThatThrownBy(() -> clients().sqs().getQueueAttributes(r -> r.queueUrl(QUEUE)))
                .isInstanceOf(SdkException.class);

        assertThat(count("sqs", "GetQueueAttributes", "throttled")).isEqualTo(1);
    }

    @Test
    void anInternalFailureIs5xxAndAValidationErrorIs4xx() {
        AWS.stubFor(post(urlEqualTo("/")).willReturn(json(500, "aws/sqs/error-internal-failure.json")));
        assertThatThrownBy(() -> clients().sqs().getQueueAttributes(r -> r.queueUrl(QUEUE)))
                .isInstanceOf(SdkException.class);
        AWS.resetAll();
        AWS.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml")
                .withBody(TestResources.text("aws/autoscaling/error-validation.xml"))));
        assertThatThrownBy(() -> clients.autoScaling().setDesiredCapacity(r -> r.autoScalingGroupName("workers")
                .desiredCapacity(50))).isInstanceOf(SdkException.class);

        assertThat(count("sqs", "GetQueueAttributes", "5xx")).isEqualTo(1);
        assertThat(count("autoscaling", "SetDesiredCapacity", "4xx")).isEqualTo(1);
    }

    @Test
    void aCallThatHangsPastTheAttemptTimeoutIsATimeout() {
        AWS.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withFixedDelay(10_000)
                .withHeader("Content-Type", "text/xml")
                .withBody(TestResources.text("aws/autoscaling/describe-auto-scaling-groups.xml"))));

        assertThatThrownBy(() -> clients().autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames("workers")))
                .isInstanceOf(SdkException.class);

        assertThat(count("autoscaling", "DescribeAutoScalingGroups", "timeout")).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsAnErrorAndAnAnswerIsOk() throws IOException {
        URI refusing;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            refusing = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        AwsClients nowhere = clients(refusing);
        assertThatThrownBy(() -> nowhere.sqs().getQueueAttributes(r -> r.queueUrl(QUEUE)))
                .isInstanceOf(SdkException.class);
        nowhere.close();

        AWS.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody(TestResources.text("aws/autoscaling/describe-auto-scaling-groups.xml"))));
        clients().autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames("workers"));

        assertThat(count("sqs", "GetQueueAttributes", "error")).isEqualTo(1);
        assertThat(count("autoscaling", "DescribeAutoScalingGroups", "ok")).isEqualTo(1);
        assertThat(PrometheusText.scrape(registry).value("queue_autoscaler_aws_call_duration_seconds_count",
                Map.of("service", "autoscaling", "operation", "DescribeAutoScalingGroups"))).contains(1.0);
    }

    private double count(String service, String operation, String outcome) {
        return PrometheusText.scrape(registry).value("queue_autoscaler_aws_calls_total",
                Map.of("service", service, "operation", operation, "outcome", outcome)).orElse(0.0);
    }

    private double total() {
        return PrometheusText.scrape(registry).named("queue_autoscaler_aws_calls_total").stream()
                .mapToDouble(PrometheusText.Sample::value).sum();
    }

    private static ResponseDefinitionBuilder json(int status, String resource) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.0")
                .withHeader("x-amzn-RequestId", "b1f2c3d4-e5f6-5a7b-8c9d-0e1f2a3b4c5d")
                .withBody(TestResources.text(resource));
    }
}
