package io.queueautoscaler.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.testing.ElasticMqExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.SqsClient;

class SqsQueueMetricsTest {

    @RegisterExtension
    static final ElasticMqExtension SQS = new ElasticMqExtension();

    private static final String URL = "https://sqs.us-east-1.amazonaws.com/123456789012/thumbnails-high";

    @Test
    void countsVisibleInFlightAndDelayedMessagesOfEachQueue() {
        String high = SQS.createQueue("counts-high");
        String low = SQS.createQueue("counts-low");
        send(high, 7, 0);
        receive(high, 3);
        send(high, 2, 300);
        send(low, 4, 0);

        Map<String, QueueDepth> depths = new SqsQueueMetrics(SQS.sqs()).read(List.of(high, low));

        assertThat(depths).containsExactly(
                entry(high, new QueueDepth(high, 4, 3, 2)),
                entry(low, new QueueDepth(low, 4, 0, 0)));
    }

    @Test
    void anEmptyQueueIsZeroEverywhere() {
        String empty = SQS.createQueue("empty");

        assertThat(new SqsQueueMetrics(SQS.sqs()).read(List.of(empty)))
                .containsExactly(entry(empty, new QueueDepth(empty, 0, 0, 0)));
    }

    @Test
    void aQueueListedTwiceIsReadOnce() {
        String twice = SQS.createQueue("twice");
        send(twice, 1, 0);

        assertThat(new SqsQueueMetrics(SQS.sqs()).read(List.of(twice, twice)))
                .containsExactly(entry(twice, new QueueDepth(twice, 1, 0, 0)));
    }

    @Test
    void aQueueThatDoesNotExistIsUnavailableNamingTheQueueAndTheFix() {
        String missing = SQS.endpoint() + "/000000000000/no-such-queue";

        assertThatThrownBy(() -> new SqsQueueMetrics(SQS.sqs()).read(List.of(missing)))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining(missing)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("check the queue URL in the policy");
    }

    @Test
    void aRefusedConnectionIsUnavailableNamingTheQueueAndTheEndpointToCheck() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (AwsClients clients = AwsClients.forLocalEndpoint(closed)) {
            String url = closed + "/000000000000/jobs";

            assertThatThrownBy(() -> new SqsQueueMetrics(clients.sqs()).read(List.of(url)))
                    .isInstanceOf(MetricsUnavailableException.class)
                    .hasMessageContaining(url)
                    .hasMessageContaining("no answer from AWS");
        }
    }

    static Stream<Arguments> readableAttributes() {
        return Stream.of(
                Arguments.of("all three counts are taken as they are",
                        Map.of(SqsQueueMetrics.VISIBLE, "1800", SqsQueueMetrics.IN_FLIGHT, "37", SqsQueueMetrics.DELAYED, "4"),
                        new QueueDepth(URL, 1800, 37, 4)),
                Arguments.of("an idle queue reads zero",
                        Map.of(SqsQueueMetrics.VISIBLE, "0", SqsQueueMetrics.IN_FLIGHT, "0", SqsQueueMetrics.DELAYED, "0"),
                        new QueueDepth(URL, 0, 0, 0)),
                Arguments.of("attributes SQS adds beyond the three are ignored",
                        Map.of(SqsQueueMetrics.VISIBLE, "5", SqsQueueMetrics.IN_FLIGHT, "1", SqsQueueMetrics.DELAYED, "0",
                                "VisibilityTimeout", "30"),
                        new QueueDepth(URL, 5, 1, 0)),
                Arguments.of("a count beyond int range is kept whole",
                        Map.of(SqsQueueMetrics.VISIBLE, "3000000000", SqsQueueMetrics.IN_FLIGHT, "0", SqsQueueMetrics.DELAYED, "0"),
                        new QueueDepth(URL, 3_000_000_000L, 0, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readableAttributes")
    void turnsAttributesIntoADepth(String rule, Map<String, String> attributes, QueueDepth expected) {
        assertThat(SqsQueueMetrics.depth(URL, attributes)).isEqualTo(expected);
    }

    static Stream<Arguments> unreadableAttributes() {
        return Stream.of(
                Arguments.of("a missing visible count is not taken for zero",
                        Map.of(SqsQueueMetrics.IN_FLIGHT, "0", SqsQueueMetrics.DELAYED, "0"),
                        "did not return ApproximateNumberOfMessages "),
                Arguments.of("a missing delayed count is not taken for zero",
                        Map.of(SqsQueueMetrics.VISIBLE, "3", SqsQueueMetrics.IN_FLIGHT, "0"),
                        "did not return ApproximateNumberOfMessagesDelayed"),
                Arguments.of("no attributes at all is an error",
                        Map.of(),
                        "did not return ApproximateNumberOfMessages "),
                Arguments.of("a count that is not a number is an error",
                        Map.of(SqsQueueMetrics.VISIBLE, "many", SqsQueueMetrics.IN_FLIGHT, "0", SqsQueueMetrics.DELAYED, "0"),
                        "ApproximateNumberOfMessages=\"many\""),
                Arguments.of("a negative count is an error",
                        Map.of(SqsQueueMetrics.VISIBLE, "2", SqsQueueMetrics.IN_FLIGHT, "-1", SqsQueueMetrics.DELAYED, "0"),
                        "ApproximateNumberOfMessagesNotVisible=-1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableAttributes")
    void refusesAttributesThatAreNotADepth(String rule, Map<String, String> attributes, String problem) {
        assertThatThrownBy(() -> SqsQueueMetrics.depth(URL, attributes))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining(URL)
                .hasMessageContaining(problem);
    }

    private static void send(String queueUrl, int count, int delaySeconds) {
        SqsClient sqs = SQS.sqs();
        for (int i = 0; i < count; i++) {
            String body = "job-" + i;
            sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body).delaySeconds(delaySeconds));
        }
    }

    /** Takes messages one by one and keeps them in flight for five minutes, longer than any test. */
    private static void receive(String queueUrl, int count) {
        for (int received = 0; received < count; ) {
            received += SQS.sqs().receiveMessage(request -> request
                    .queueUrl(queueUrl).maxNumberOfMessages(1).visibilityTimeout(300)).messages().size();
        }
    }
}
