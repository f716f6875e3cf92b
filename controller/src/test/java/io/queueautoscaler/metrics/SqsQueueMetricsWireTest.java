package io.queueautoscaler.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.testing.TestResources;
import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SQS's JSON protocol as AWS itself answers it, errors included, which ElasticMQ does not reproduce. */
class SqsQueueMetricsWireTest {

    @RegisterExtension
    static final WireMockExtension AWS = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails-high";
    private static final String TARGET = "AmazonSQS.GetQueueAttributes";

    private AwsClients clients;

    @BeforeEach
    void connect() {
        clients = AwsClients.forLocalEndpoint(URI.create("http://127.0.0.1:" + AWS.getPort()));
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    @Test
    void asksForTheThreeCountsOfTheQueueAndReadsTheAnswer() {
        AWS.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET))
                .willReturn(json(200, "aws/sqs/get-queue-attributes.json")));

        assertThat(new SqsQueueMetrics(clients.sqs()).read(List.of(QUEUE)))
                .containsEntry(QUEUE, new QueueDepth(QUEUE, 1800, 37, 4));
        AWS.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.0"))
                .withRequestBody(equalToJson("""
                        {"QueueUrl": "%s",
                         "AttributeNames": ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                                            "ApproximateNumberOfMessagesDelayed"]}""".formatted(QUEUE))));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("a deleted queue names the queue and says to check its URL",
                        400, "AWS.SimpleQueueService.NonExistentQueue;Sender", "aws/sqs/error-queue-does-not-exist.json",
                        List.of("The specified queue does not exist.", "check the queue URL in the policy")),
                Arguments.of("throttling says AWS is throttling and the next evaluation tries again",
                        400, "RequestThrottled;Sender", "aws/sqs/error-request-throttled.json",
                        List.of("RequestThrottled (HTTP 400): Request is throttled.", "AWS is throttling")),
                Arguments.of("an internal failure says AWS failed and the next evaluation tries again",
                        500, null, "aws/sqs/error-internal-failure.json",
                        List.of("InternalFailure (HTTP 500)", "AWS failed to answer")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void anErrorFromSqsMakesTheQueueUnavailable(String rule, int status, String queryError, String body,
                                                List<String> expected) {
        var response = json(status, body);
        if (queryError != null) {
            response = response.withHeader("x-amzn-query-error", queryError);
        }
        AWS.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET)).willReturn(response));

        assertThatThrownBy(() -> new SqsQueueMetrics(clients.sqs()).read(List.of(QUEUE)))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessageStartingWith("cannot read the depth of queue " + QUEUE + ": ")
                .satisfies(e -> assertThat(e.getMessage()).contains(expected));
        AWS.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    private static ResponseDefinitionBuilder json(int status, String resource) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.0")
                .withHeader("x-amzn-RequestId", "b1f2c3d4-e5f6-5a7b-8c9d-0e1f2a3b4c5d")
                .withBody(TestResources.text(resource));
    }
}
