package io.queueautoscaler.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * CloudWatch's GetMetricData over the SDK's real wire protocol (Smithy RPC v2 CBOR), as a WireMock
 * extension answering from datapoints a test puts in. Like CloudWatch it answers only queries in
 * the AWS/SQS namespace with a QueueName dimension, keeps datapoints in [StartTime, EndTime), sorts
 * them by ScanBy, pages them with NextToken, and rejects a call of more than 500 queries.
 * Register it with {@code wireMockConfig().extensions(fake)} and stub with {@link #stub()}.
 */
public final class FakeCloudWatch implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "fake-cloudwatch";
    public static final String GET_METRIC_DATA_PATH = "/service/GraniteServiceVersion20100801/operation/GetMetricData";
    private static final int MAX_QUERIES = 500;

    private final List<Datapoint> datapoints = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
    private volatile int pageSize = 100_800;

    /** The GetMetricData stub this fake answers. */
    public static MappingBuilder stub() {
        return post(urlEqualTo(GET_METRIC_DATA_PATH))
                .withHeader("Smithy-Protocol", equalTo("rpc-v2-cbor"))
                .willReturn(aResponse().withTransformers(NAME));
    }

    public FakeCloudWatch datapoint(String queueName, String metricName, Instant at, double value) {
        datapoints.add(new Datapoint(queueName, metricName, at, value));
        return this;
    }

    /** At most this many datapoints per answer; the rest follow with NextToken. */
    public FakeCloudWatch pageSize(int datapointsPerPage) {
        this.pageSize = datapointsPerPage;
        return this;
    }

    /** Every GetMetricData request body received, decoded, in order. */
    public List<Map<String, Object>> requests() {
        return List.copyOf(requests);
    }

    public void reset() {
        datapoints.clear();
        requests.clear();
        pageSize = 100_800;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Map<String, Object> request = Cbor.decodeMap(serveEvent.getRequest().getBody());
        requests.add(request);
        List<Map<String, Object>> queries = listOfMaps(request.get("MetricDataQueries"));
        if (queries.size() > MAX_QUERIES) {
            return error(400, "InvalidParameterValue", "InvalidParameterValueException",
                    "The collection MetricDataQueries must not have a size greater than 500.").build();
        }
        Instant start = (Instant) request.get("StartTime");
        Instant end = (Instant) request.get("EndTime");
        boolean ascending = "TimestampAscending".equals(request.get("ScanBy"));

        List<Hit> hits = new ArrayList<>();
        for (Map<String, Object> query : queries) {
            String id = (String) query.get("Id");
            List<Datapoint> matching = new ArrayList<>(datapoints.stream()
                    .filter(point -> point.matches(query) && !point.at().isBefore(start) && point.at().isBefore(end))
                    .toList());
            Comparator<Datapoint> byTime = Comparator.comparing(Datapoint::at);
            matching.sort(ascending ? byTime : byTime.reversed());
            matching.forEach(point -> hits.add(new Hit(id, point)));
        }
        int from = request.get("NextToken") == null ? 0 : Integer.parseInt((String) request.get("NextToken"));
        int to = Math.min(hits.size(), from + pageSize);
        List<Hit> page = hits.subList(from, to);

        List<Map<String, Object>> results = new ArrayList<>();
        for (Map<String, Object> query : queries) {
            String id = (String) query.get("Id");
            List<Hit> mine = page.stream().filter(hit -> hit.id().equals(id)).toList();
            boolean more = hits.subList(to, hits.size()).stream().anyMatch(hit -> hit.id().equals(id));
            if (mine.isEmpty() && from > 0) {
                continue;
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("Id", id);
            result.put("Label", metricName(query));
            result.put("Timestamps", mine.stream().map(hit -> (Object) hit.point().at()).toList());
            result.put("Values", mine.stream().map(hit -> (Object) hit.point().value()).toList());
            result.put("StatusCode", more ? "PartialData" : "Complete");
            results.add(result);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("MetricDataResults", results);
        body.put("Messages", List.of());
        if (to < hits.size()) {
            body.put("NextToken", Integer.toString(to));
        }
        return cbor(200, body).build();
    }

    /** A CloudWatch error as the RPC v2 protocol carries it, with the query-compatible code header. */
    public static ResponseDefinitionBuilder error(int status, String queryCode, String shape, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", "com.amazonaws.cloudwatch#" + shape);
        body.put("message", message);
        return cbor(status, body)
                .withHeader("x-amzn-query-error", queryCode + (status >= 500 ? ";Receiver" : ";Sender"));
    }

    private static ResponseDefinitionBuilder cbor(int status, Object body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/cbor")
                .withHeader("Smithy-Protocol", "rpc-v2-cbor")
                .withHeader("x-amzn-RequestId", "6f0d4c1e-2b7a-4f3e-9d41-0c5e8a1b7f20")
                .withBody(Cbor.encode(body));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOfMaps(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static String metricName(Map<String, Object> query) {
        Map<String, Object> stat = (Map<String, Object>) query.get("MetricStat");
        return stat == null ? "" : (String) ((Map<String, Object>) stat.get("Metric")).get("MetricName");
    }

    private record Hit(String id, Datapoint point) {
    }

    private record Datapoint(String queueName, String metricName, Instant at, double value) {

        @SuppressWarnings("unchecked")
        boolean matches(Map<String, Object> query) {
            Map<String, Object> stat = (Map<String, Object>) query.get("MetricStat");
            if (stat == null) {
                return false;
            }
            Map<String, Object> metric = (Map<String, Object>) stat.get("Metric");
            List<Map<String, Object>> dimensions = listOfMaps(metric.get("Dimensions"));
            return "AWS/SQS".equals(metric.get("Namespace"))
                    && metricName.equals(metric.get("MetricName"))
                    && dimensions.size() == 1
                    && "QueueName".equals(dimensions.get(0).get("Name"))
                    && queueName.equals(dimensions.get(0).get("Value"));
        }
    }
}
