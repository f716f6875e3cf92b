package io.queueautoscaler.metrics;

import io.queueautoscaler.aws.AwsError;
import io.queueautoscaler.recommend.QueueDepth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;

/**
 * Queue depth from SQS {@code GetQueueAttributes}: near real time, one call per queue.
 */
public final class SqsQueueMetrics implements QueueMetrics {

    static final String VISIBLE = "ApproximateNumberOfMessages";
    static final String IN_FLIGHT = "ApproximateNumberOfMessagesNotVisible";
    static final String DELAYED = "ApproximateNumberOfMessagesDelayed";

    private final SqsClient sqs;

    public SqsQueueMetrics(SqsClient sqs) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
    }

    @Override
    public Map<String, QueueDepth> read(List<String> queueUrls) {
        Map<String, QueueDepth> depths = new LinkedHashMap<>();
        for (String url : queueUrls) {
            depths.computeIfAbsent(url, this::readOne);
        }
        return depths;
    }

    private QueueDepth readOne(String url) {
        GetQueueAttributesResponse response;
        try {
            response = sqs.getQueueAttributes(request -> request
                    .queueUrl(url)
                    .attributeNamesWithStrings(VISIBLE, IN_FLIGHT, DELAYED));
        } catch (SdkException e) {
            AwsError error = AwsError.of(e);
            String fix = error.code().contains("QueueDoesNotExist") || error.code().contains("NonExistentQueue")
                    ? "; check the queue URL in the policy and that the queue exists in the configured region"
                    : "";
            throw new MetricsUnavailableException(
                    "cannot read the depth of queue " + url + ": " + error + fix, e);
        }
        return depth(url, response.attributesAsStrings());
    }

    /**
     * Turns GetQueueAttributes' attribute strings into a depth. A missing or unreadable count is an
     * error rather than zero: reading an empty queue where there is none would let the policy scale in.
     */
    static QueueDepth depth(String url, Map<String, String> attributes) {
        return new QueueDepth(
                url,
                count(url, attributes, VISIBLE),
                count(url, attributes, IN_FLIGHT),
                count(url, attributes, DELAYED));
    }

    private static long count(String url, Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        if (value == null) {
            throw new MetricsUnavailableException(
                    "SQS did not return " + name + " for queue " + url + "; got only " + attributes.keySet());
        }
        long count;
        try {
            count = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new MetricsUnavailableException(
                    "SQS returned " + name + "=\"" + value + "\" for queue " + url + ", which is not a count", e);
        }
        if (count < 0) {
            throw new MetricsUnavailableException(
                    "SQS returned " + name + "=" + count + " for queue " + url + ", a negative count");
        }
        return count;
    }
}
