package io.queueautoscaler.policy.yaml;

import io.queueautoscaler.policy.QueueSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code spec.queues}: one or more queues, in priority order, each listed once. */
final class QueuesReader {

    private static final List<String> QUEUE = List.of("url", "targetWaitSeconds");
    private static final String EXAMPLE = "https://sqs.us-east-1.amazonaws.com/123456789012/my-queue";

    private final Problems problems;

    QueuesReader(Problems problems) {
        this.problems = problems;
    }

    /** The queues, or empty when they have problems (spec.queues being required is checked by the caller). */
    Optional<List<QueueSpec>> read(Fields spec) {
        int before = problems.count();
        Optional<List<Fields>> items = spec.list("queues", QUEUE);
        if (items.isPresent() && items.get().isEmpty() && problems.count() == before) {
            spec.report("queues", "must list at least one queue");
        }
        List<QueueSpec> queues = new ArrayList<>();
        Map<String, Fields> seen = new HashMap<>();
        for (Fields queue : items.orElse(List.of())) {
            queue.require("url");
            Optional<String> url = queue.string("url").filter(value -> isQueueUrl(queue, value));
            int targetWait = queue.integer("targetWaitSeconds", 1).orElse(QueueSpec.DEFAULT_TARGET_WAIT_SECONDS);
            url.ifPresent(value -> {
                Fields first = seen.putIfAbsent(value, queue);
                if (first != null) {
                    queue.report("url", "'" + value + "' is listed twice, first as " + first.path()
                            + " on line " + first.lineOf("url"));
                } else {
                    queues.add(new QueueSpec(value, targetWait));
                }
            });
        }
        return problems.count() > before || items.isEmpty() ? Optional.empty() : Optional.of(queues);
    }

    /** An absolute http(s) URL whose last path segment names the queue, as SQS hands them out. */
    private static boolean isQueueUrl(Fields queue, String value) {
        try {
            URI uri = new URI(value);
            String path = uri.getPath();
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (http && uri.getHost() != null && path != null && path.length() > 1 && !path.endsWith("/")) {
                return true;
            }
        } catch (URISyntaxException e) {
            // Reported below like any other malformed URL.
        }
        queue.report("url", "'" + value + "' is not a queue URL (like " + EXAMPLE + ")");
        return false;
    }
}
