package io.queueautoscaler.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.recommend.Deletions;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.testing.FakeCloudWatch;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CloudWatch over the SDK's real RPC v2 CBOR protocol, answered by a fake that holds datapoints. */
class CloudWatchQueueMetricsTest {

    private static final FakeCloudWatch CLOUDWATCH = new FakeCloudWatch();

    @RegisterExtension
    static final WireMockExtension AWS = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(CLOUDWATCH))
            .build();

    private static final String PREFIX = "https://sqs.us-east-1.amazonaws.com/123456789012/";
    private static final String HIGH = PREFIX + "thumbnails-high";
    private static final String LOW = PREFIX + "thumbnails-low";
    private static final String VISIBLE = "ApproximateNumberOfMessagesVisible";
    private static final String IN_FLIGHT = "ApproximateNumberOfMessagesNotVisible";
    private static final String DELAYED = "ApproximateNumberOfMessagesDelayed";
    private static final String DELETED = "NumberOfMessagesDeleted";

    /** Half a minute into 11:00: the depth comes from 10:56 to 11:01, the deletions from 10:46 on. */
    private final VirtualClock clock = new VirtualClock(Instant.parse("2025-03-14T11:00:30Z"));
    private AwsClients clients;
    private CloudWatchQueueMetrics metrics;

    @BeforeEach
    void connect() {
        CLOUDWATCH.reset();
        AWS.stubFor(FakeCloudWatch.stub());
        clients = AwsClients.forLocalEndpoint(URI.create("http://127.0.0.1:" + AWS.getPort()));
        metrics = new CloudWatchQueueMetrics(clients.cloudWatch(), clock);
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    @Test
    void readsTheMostRecentDatapointOfEachMetricInsideTheWindow() {
        CLOUDWATCH.datapoint("thumbnails-high", VISIBLE, at("10:55"), 999) // before the window
                .datapoint("thumbnails-high", VISIBLE, at("10:57"), 100)
                .datapoint("thumbnails-high", VISIBLE, at("10:59"), 150)
                .datapoint("thumbnails-high", VISIBLE, at("10:58"), 120);
        allButVisible("thumbnails-high", at("10:59"), 8, 0);
        queue("thumbnails-low", at("10:58"), 3, 1, 2);

        Map<String, QueueDepth> depths = metrics.read(List.of(HIGH, LOW));

        assertThat(depths).containsExactly(
                Map.entry(HIGH, new QueueDepth(HIGH, 150, 8, 0)),
                Map.entry(LOW, new QueueDepth(LOW, 3, 1, 2)));
    }

    @Test
    void asksForEveryQueueInOneCallByQueueNameOverMinutePeriods() {
        queue("thumbnails-high", at("10:59"), 1, 2, 3);
        queue("thumbnails-low", at("10:59"), 5, 6, 7);

        metrics.read(List.of(HIGH, LOW));

        assertThat(CLOUDWATCH.requests()).hasSize(1);
        Map<String, Object> request = CLOUDWATCH.requests().get(0);
        assertThat(request).containsEntry("StartTime", at("10:46"))
                .containsEntry("EndTime", at("11:01"))
                .containsEntry("ScanBy", "TimestampDescending");
        List<Map<String, Object>> queries = queries(request);
        assertThat(queries).hasSize(8);
        assertThat(queries).extracting(query -> metricName(query) + "@" + queueName(query) + ":" + stat(query).get("Stat"))
                .containsExactlyInAnyOrder(
                        VISIBLE + "@thumbnails-high:Maximum", IN_FLIGHT + "@thumbnails-high:Maximum",
                        DELAYED + "@thumbnails-high:Maximum", DELETED + "@thumbnails-high:Sum",
                        VISIBLE + "@thumbnails-low:Maximum", IN_FLIGHT + "@thumbnails-low:Maximum",
                        DELAYED + "@thumbnails-low:Maximum", DELETED + "@thumbnails-low:Sum");
        assertThat(queries).allSatisfy(query -> {
            assertThat(stat(query)).containsEntry("Period", 60L);
            assertThat(metric(query)).containsEntry("Namespace", "AWS/SQS");
        });
    }

    @Test
    void readsTheMessagesDeletedInEachMinuteWithWhetherMessagesWaitedAtItsStartAndEnd() {
        // Visible at the end of 10:57 and 10:58, none at the end of 10:59; 11:00 is the newest minute.
        double[] visible = {40, 25, 0, 6};
        double[] deleted = {180, 210, 150, 30};
        String[] minutes = {"10:57", "10:58", "10:59", "11:00"};
        for (int i = 0; i < minutes.length; i++) {
            queue("thumbnails-high", at(minutes[i]), visible[i], 12, 0);
            CLOUDWATCH.datapoint("thumbnails-high", DELETED, at(minutes[i]), deleted[i]);
        }

        QueueDepth depth = metrics.read(List.of(HIGH)).get(HIGH);

        assertThat(depth).isEqualTo(new QueueDepth(HIGH, 6, 12, 0, List.of(
                // 10:57 has no minute before it in the window, so nothing tells whether messages waited at its start;
                new Deletions(at("10:58"), 210, true, true),
                new Deletions(at("10:59"), 150, true, false))));
                // and 11:00 may still be under way: its sum waits for a later minute.
    }

    @Test
    void minutesPublishedFourMinutesLateStillShowTheirDeletionsBesideAFreshEnoughDepth() {
        // CloudWatch is four minutes behind: 10:56 is the newest minute it has, and messages waited throughout.
        String[] minutes = {"10:50", "10:51", "10:52", "10:53", "10:54", "10:55", "10:56"};
        for (int i = 0; i < minutes.length; i++) {
            queue("thumbnails-high", at(minutes[i]), 300 - 10 * i, 16, 0);
            CLOUDWATCH.datapoint("thumbnails-high", DELETED, at(minutes[i]), 200 + i);
        }

        QueueDepth depth = metrics.read(List.of(HIGH)).get(HIGH);

        assertThat(depth.visible()).isEqualTo(240);
        assertThat(depth.deletions()).extracting(Deletions::minute)
                .containsExactly(at("10:51"), at("10:52"), at("10:53"), at("10:54"), at("10:55"));
        assertThat(depth.deletions()).allMatch(Deletions::waitedThroughout);
        assertThat(depth.deletions().get(0).count()).isEqualTo(201);
    }

    @Test
    void aDepthOlderThanItsWindowIsUnavailableAndTheErrorSaysHowOldTheNewestIs() {
        queue("thumbnails-high", at("10:50"), 40, 2, 0);

        assertThatThrownBy(() -> metrics.read(List.of(HIGH)))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("for queue " + HIGH + " between 2025-03-14T10:56:00Z and 2025-03-14T11:01:00Z "
                        + "(the newest are older: " + VISIBLE + " at 2025-03-14T10:50:00Z, " + IN_FLIGHT
                        + " at 2025-03-14T10:50:00Z, " + DELAYED + " at 2025-03-14T10:50:00Z)");
    }

    @Test
    void aQueueWithoutDeletionsIsReadWithNoneAndTheOthersWithTheirs() {
        for (String minute : List.of("10:57", "10:58", "10:59")) {
            queue("thumbnails-high", at(minute), 10, 4, 0);
            queue("thumbnails-low", at(minute), 10, 4, 0);
        }
        CLOUDWATCH.datapoint("thumbnails-low", DELETED, at("10:58"), 90);

        Map<String, QueueDepth> depths = metrics.read(List.of(HIGH, LOW));

        assertThat(depths.get(HIGH)).isEqualTo(new QueueDepth(HIGH, 10, 4, 0));
        assertThat(depths.get(LOW).deletions()).containsExactly(new Deletions(at("10:58"), 90, true, true));
    }

    @Test
    void followsNextTokenWhenCloudWatchPagesTheDatapoints() {
        CLOUDWATCH.pageSize(3);
        for (String minute : List.of("10:56", "10:57", "10:58")) {
            queue("thumbnails-high", at(minute), 10, 1, 0);
        }
        queue("thumbnails-high", at("10:59"), 12, 2, 1);

        assertThat(metrics.read(List.of(HIGH))).containsEntry(HIGH, new QueueDepth(HIGH, 12, 2, 1));
        List<Map<String, Object>> requests = CLOUDWATCH.requests();
        assertThat(requests).hasSize(4);
        assertThat(requests.get(0)).doesNotContainKey("NextToken");
        assertThat(requests.subList(1, 4)).allSatisfy(request -> assertThat(request).containsKey("NextToken"));
    }

    @Test
    void splitsAHundredAndSeventyQueuesIntoCallsOfAHundredAndTwentyFiveQueuesWithAllOfAQueuesQueriesInOneCall() {
        List<String> urls = IntStream.rangeClosed(1, 170).mapToObj(i -> PREFIX + "tenant-" + i).toList();
        for (int i = 1; i <= 170; i++) {
            for (String minute : List.of("10:57", "10:58", "10:59")) {
                queue("tenant-" + i, at(minute), i, 0, 0);
            }
            CLOUDWATCH.datapoint("tenant-" + i, DELETED, at("10:58"), 1000 + i);
        }

        Map<String, QueueDepth> depths = metrics.read(urls);

        assertThat(CLOUDWATCH.requests()).extracting(request -> queries(request).size()).containsExactly(500, 180);
        assertThat(CLOUDWATCH.requests()).extracting(request -> queries(request).stream().map(query -> queueName(query))
                .distinct().count()).containsExactly(125L, 45L);
        assertThat(queries(CLOUDWATCH.requests().get(0))).extracting(query -> queueName(query)).contains("tenant-125")
                .doesNotContain("tenant-126");
        assertThat(depths).hasSize(170);
        assertThat(depths.get(PREFIX + "tenant-125")).isEqualTo(new QueueDepth(PREFIX + "tenant-125", 125, 0, 0,
                List.of(new Deletions(at("10:58"), 1125, true, true))));
        assertThat(depths.get(PREFIX + "tenant-170")).isEqualTo(new QueueDepth(PREFIX + "tenant-170", 170, 0, 0,
                List.of(new Deletions(at("10:58"), 1170, true, true))));
    }

    @Test
    void aHundredAndTwentyFiveQueuesFitInOneCall() {
        List<String> urls = IntStream.rangeClosed(1, 125).mapToObj(i -> PREFIX + "tenant-" + i).toList();
        for (int i = 1; i <= 125; i++) {
            queue("tenant-" + i, at("10:59"), i, 0, 0);
        }

        assertThat(metrics.read(urls)).hasSize(125);
        assertThat(CLOUDWATCH.requests()).extracting(request -> queries(request).size()).containsExactly(500);
    }

    @Test
    void aQueueWithoutDatapointsIsUnavailableNeverZero() {
        queue("thumbnails-high", at("10:59"), 1, 0, 0);

        assertThatThrownBy(() -> metrics.read(List.of(HIGH, LOW)))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessageContaining("for queue " + LOW + " between 2025-03-14T10:56:00Z and 2025-03-14T11:01:00Z")
                .hasMessageContaining("[" + VISIBLE + ", " + IN_FLIGHT + ", " + DELAYED + "]");
    }

    @Test
    void aQueueMissingOneMetricIsUnavailableNamingTheMetric() {
        CLOUDWATCH.datapoint("thumbnails-high", VISIBLE, at("10:59"), 4)
                .datapoint("thumbnails-high", IN_FLIGHT, at("10:59"), 0);

        assertThatThrownBy(() -> metrics.read(List.of(HIGH)))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessageStartingWith("CloudWatch has no AWS/SQS datapoint of [" + DELAYED + "] for queue " + HIGH);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("throttling says AWS is throttling", 400, "Throttling", "ThrottlingException",
                        "Rate exceeded", "Throttling (HTTP 400): Rate exceeded; AWS is throttling"),
                Arguments.of("an internal error says AWS failed to answer", 500, "InternalServiceError",
                        "InternalServiceFault", "Internal service error.",
                        "InternalServiceError (HTTP 500): Internal service error.; AWS failed to answer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void anErrorFromCloudWatchMakesTheQueuesUnavailable(String rule, int status, String code, String shape,
                                                       String message, String expected) {
        AWS.stubFor(post(urlEqualTo(FakeCloudWatch.GET_METRIC_DATA_PATH))
                .willReturn(FakeCloudWatch.error(status, code, shape, message)));

        assertThatThrownBy(() -> metrics.read(List.of(HIGH, LOW)))
                .isInstanceOf(MetricsUnavailableException.class)
                .hasMessageStartingWith("cannot read the depth of queues [" + HIGH + ", " + LOW + "] from CloudWatch: ")
                .hasMessageContaining(expected);
        AWS.verify(1, postRequestedFor(urlEqualTo(FakeCloudWatch.GET_METRIC_DATA_PATH)));
    }

    private static void queue(String name, Instant at, double visible, double inFlight, double delayed) {
        CLOUDWATCH.datapoint(name, VISIBLE, at, visible)
                .datapoint(name, IN_FLIGHT, at, inFlight)
                .datapoint(name, DELAYED, at, delayed);
    }

    private static void allButVisible(String name, Instant at, double inFlight, double delayed) {
        CLOUDWATCH.datapoint(name, IN_FLIGHT, at, inFlight)
                .datapoint(name, DELAYED, at, delayed);
    }

    private static Instant at(String minute) {
        return Instant.parse("2025-03-14T" + minute + ":00Z");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> queries(Map<String, Object> request) {
        return (List<Map<String, Object>>) request.get("MetricDataQueries");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stat(Map<String, Object> query) {
        return (Map<String, Object>) query.get("MetricStat");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metric(Map<String, Object> query) {
        return (Map<String, Object>) stat(query).get("Metric");
    }

    private static String metricName(Map<String, Object> query) {
        return (String) metric(query).get("MetricName");
    }

    @SuppressWarnings("unchecked")
    private static String queueName(Map<String, Object> query) {
        List<Map<String, Object>> dimensions = (List<Map<String, Object>>) metric(query).get("Dimensions");
        assertThat(dimensions).hasSize(1);
        assertThat(dimensions.get(0)).containsEntry("Name", "QueueName");
        return (String) dimensions.get(0).get("Value");
    }
}
