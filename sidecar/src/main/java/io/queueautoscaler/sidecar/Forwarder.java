package io.queueautoscaler.sidecar;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Forwards each request to the worker application as it came (method, path, query, headers,
 * body) and its answer back as it came (status, headers, body), holding a protection lease on
 * the instance while the worker runs it. Only hop-by-hop headers stay behind: they describe one
 * connection, not the message.
 *
 * <p>The daemon never blocks work: when it cannot be reached or does not answer within {@link
 * #TAKE_WAIT}, the request goes ahead unprotected. The one exception is a draining instance (held
 * in Terminating:Wait until its running work ends): a new message is refused with a 503, so that
 * the SQS daemon leaves it on the queue for another instance.
 */
final class Forwarder implements HttpHandler {
    /** The SQS daemon of an Elastic Beanstalk worker environment names each message in this header. */
    static final String MESSAGE_ID = "X-Aws-Sqsd-Msgid";
    /** How long a request waits for its lease before it goes ahead anyway. */
    static final Duration TAKE_WAIT = Duration.ofSeconds(2);

    /** RFC 9110 section 7.6.1, and what the JDK's client sets itself (Host, Content-Length, Expect). */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
            "host", "content-length", "expect");

    private final URI worker;
    private final Protector protector;
    private final ThrottledWarning workerFailures;
    private final HttpClient http;
    private int running;
    private boolean stopping;

    Forwarder(URI worker, Protector protector, ThrottledWarning workerFailures) {
        this.worker = worker;
        this.protector = protector;
        this.workerFailures = workerFailures;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!enter()) {
            try (exchange) {
                refuse(exchange, 503, "the sidecar is stopping");
            }
            return;
        }
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Optional<String> messageId = Optional.ofNullable(exchange.getRequestHeaders().getFirst(MESSAGE_ID));
            try (RequestLease lease = protector.open(messageId)) {
                if (lease.start(TAKE_WAIT) == RequestLease.Start.DRAINING) {
                    refuse(exchange, 503, "instance " + protector.instanceId() + " is draining: it takes no new work; "
                            + "the message stays on the queue for another instance");
                    return;
                }
                forward(exchange, body);
            }
        } finally {
            leave();
        }
    }

    /**
     * Stops taking requests and waits at most {@code grace} for the running ones to end.
     *
     * @return whether every running request ended in time
     */
    synchronized boolean drain(Duration grace) throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (running > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private synchronized boolean enter() {
        if (stopping) {
            return false;
        }
        running++;
        return true;
    }

    private synchronized void leave() {
        running--;
        notifyAll();
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest request = request(exchange, body);
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            workerFailures.warn("cannot reach the worker application at " + worker + " (" + exchange.getRequestMethod()
                    + " " + exchange.getRequestURI() + "): " + e + "; answering 502");
            refuse(exchange, 502, "the worker application at " + worker + " cannot be reached: " + e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refuse(exchange, 503, "the sidecar is stopping");
            return;
        }
        try (InputStream in = response.body()) {
            Headers headers = exchange.getResponseHeaders();
            copyHeaders(response.headers().map(), headers::add);
            long length = responseLength(exchange, response);
            exchange.sendResponseHeaders(response.statusCode(), length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (length >= 0) {
                    in.transferTo(out);
                }
            }
        }
    }

    private HttpRequest request(HttpExchange exchange, byte[] body) {
        URI incoming = exchange.getRequestURI();
        String target = worker.toString().replaceAll("/+$", "") + incoming.getRawPath()
                + (incoming.getRawQuery() == null ? "" : "?" + incoming.getRawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
                .method(exchange.getRequestMethod(), body.length == 0 && !hasBody(exchange)
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        copyHeaders(exchange.getRequestHeaders(), (name, value) -> {
            try {
                request.header(name, value);
            } catch (IllegalArgumentException e) {
                // A header the JDK's client will not send (a restricted name, a control character): the rest still goes.
                workerFailures.warn("not forwarding header " + name + " to the worker application: " + e.getMessage());
            }
        });
        return request.build();
    }

    /** A POST or PUT with an empty body still says so with Content-Length: 0. */
    private static boolean hasBody(HttpExchange exchange) {
        return exchange.getRequestHeaders().containsKey("Content-Length")
                || exchange.getRequestHeaders().containsKey("Transfer-Encoding");
    }

    private interface HeaderSink {
        void add(String name, String value);
    }

    private static void copyHeaders(Map<String, List<String>> from, HeaderSink to) {
        Set<String> skipped = new TreeSet<>(NOT_FORWARDED);
        // A Connection header lists further headers that belong to this hop only.
        from.forEach((name, values) -> {
            if (name != null && name.equalsIgnoreCase("connection")) {
                values.forEach(v -> List.of(v.split(",")).forEach(t -> skipped.add(t.trim().toLowerCase(Locale.ROOT))));
            }
        });
        from.forEach((name, values) -> {
            if (name != null && !name.startsWith(":") && !skipped.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> to.add(name, value));
            }
        });
    }

    /** The length for {@link HttpExchange#sendResponseHeaders}: -1 no body, 0 chunked, else the exact length. */
    private static long responseLength(HttpExchange exchange, HttpResponse<?> response) {
        int status = response.statusCode();
        if (exchange.getRequestMethod().equals("HEAD") || status == 204 || status == 304 || status < 200) {
            return -1;
        }
        Optional<String> declared = response.headers().firstValue("Content-Length");
        if (declared.isEmpty()) {
            return 0;
        }
        try {
            long length = Long.parseLong(declared.get().trim());
            return length == 0 ? -1 : length;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void refuse(HttpExchange exchange, int status, String message) throws IOException {
        byte[] bytes = ("{\"code\":" + status + ",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (status == 503) {
            exchange.getResponseHeaders().set("Retry-After", "60");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
