import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for lease renewals: N keep-alive HTTP/1.1 connections on loopback, each renewing
 * the leases of its share of a policy's instances and their holders (PUT
 * /v1/instances/{id}/protection with {"holder": ...}, {@code --holders} per instance) as fast as
 * the daemon answers, for a fixed time after a warm-up (which also takes every holder's lease
 * once). Prints renewals per second and latency percentiles. The JDK only; run as a source file:
 *
 *   java benchmarks/LeaseRenewalLoad.java --port 18080 --policy renewals --holders 4 --connections 32 --seconds 30
 *
 * Loopback only: it refuses any other host. Real HTTP/1.1 on keep-alive sockets, driven by one
 * thread with a selector rather than an HTTP client library or a thread per connection, keeps the
 * generator's own CPU cost low, since it shares the machine with the daemon it measures.
 */
public final class LeaseRenewalLoad {
    private static final Pattern INSTANCE = Pattern.compile("\"instanceId\"\\s*:\\s*\"(i-[0-9a-f]+)\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String host = options.getOrDefault("host", "127.0.0.1");
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            throw new IllegalArgumentException("this benchmark only targets loopback, not " + host);
        }
        int port = Integer.parseInt(options.getOrDefault("port", "8080"));
        String policy = options.getOrDefault("policy", "renewals");
        String workerToken = options.getOrDefault("worker-token", "local-worker-token");
        String adminToken = options.getOrDefault("admin-token", "local-admin-token");
        int connections = Integer.parseInt(options.getOrDefault("connections", "16"));
        int warmupSeconds = Integer.parseInt(options.getOrDefault("warmup", "5"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int leaseSeconds = Integer.parseInt(options.getOrDefault("lease-seconds", "300"));
        int holders = Integer.parseInt(options.getOrDefault("holders", "4"));
        if (connections < 1 || connections > 512 || seconds < 1 || seconds > 600 || warmupSeconds < 0 || warmupSeconds > 120
                || holders < 1 || holders > 1000) {
            throw new IllegalArgumentException("connections 1..512, seconds 1..600, warmup 0..120, holders 1..1000");
        }

        List<String> instances = instances(host, port, policy, adminToken);
        if (instances.isEmpty()) {
            throw new IllegalStateException("policy " + policy + " has no instances yet");
        }
        List<String[]> leases = new ArrayList<>();
        for (int h = 0; h < holders; h++) {
            for (String instance : instances) {
                leases.add(new String[] {instance, "bench-" + h});
            }
        }
        System.out.printf(Locale.ROOT, "%d instances of policy %s x %d holders = %d leases, %d connections, %d s warm-up, "
                + "%d s measured%n", instances.size(), policy, holders, leases.size(), connections, warmupSeconds, seconds);

        Connection[] workers = new Connection[connections];
        for (int c = 0; c < connections; c++) {
            List<String[]> mine = new ArrayList<>();
            for (int i = c; i < Math.max(leases.size(), connections); i += connections) {
                mine.add(leases.get(i % leases.size()));
            }
            workers[c] = new Connection(host, port, workerToken, leaseSeconds, mine);
        }
        try (Selector selector = Selector.open()) {
            for (Connection w : workers) {
                w.open(selector);
            }
            long takingFrom = System.nanoTime();
            run(selector, workers, Long.MAX_VALUE, Long.MAX_VALUE, true);
            System.out.printf(Locale.ROOT, "every lease taken (or renewed) once in %.1f s (non-200: %d); warming up%n",
                    (System.nanoTime() - takingFrom) / 1e9, Arrays.stream(workers).mapToLong(w -> w.takeErrors).sum());
            long measureFrom = System.nanoTime() + warmupSeconds * 1_000_000_000L;
            run(selector, workers, measureFrom, measureFrom + seconds * 1_000_000_000L, false);
        }

        long count = 0;
        long errors = 0;
        for (Connection w : workers) {
            count += w.count;
            errors += w.errors;
        }
        long[] all = new long[(int) count];
        int at = 0;
        for (Connection w : workers) {
            System.arraycopy(w.latencies, 0, all, at, w.count);
            at += w.count;
        }
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "renewals: %d in %d s = %.0f/s; errors (non-200): %d%n", count, seconds,
                count / (double) seconds, errors);
        System.out.printf(Locale.ROOT, "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), pct(all, 0.999), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static List<String> instances(String host, int port, String policy, String adminToken) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://" + host + ":" + port + "/v1/policies/" + policy))
                .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /v1/policies/" + policy + ": HTTP " + response.statusCode() + " " + response.body());
        }
        List<String> ids = new ArrayList<>();
        Matcher m = INSTANCE.matcher(response.body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    /**
     * Drives every connection from this one thread until each has had its turn: in the take pass,
     * until each has sent each of its requests once; otherwise until {@code measureUntil}, keeping
     * the latencies of the requests sent from {@code measureFrom} on. One thread and a selector, as
     * wrk does, rather than a thread per connection: the generator shares the cores with the daemon
     * it measures and should cost it as little as it can (no thread switch per response).
     */
    private static void run(Selector selector, Connection[] connections, long measureFrom, long measureUntil,
                            boolean takePass) throws IOException {
        int active = 0;
        for (Connection c : connections) {
            active += c.start(takePass) ? 1 : 0;
        }
        while (active > 0) {
            selector.select(1000);
            long now = System.nanoTime();
            for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                SelectionKey key = keys.next();
                keys.remove();
                Connection c = (Connection) key.attachment();
                if (!c.onReadable(now, measureFrom, takePass)) {
                    continue;
                }
                if (takePass ? c.sent == c.requests.length : now >= measureUntil) {
                    active--;
                } else {
                    c.send(System.nanoTime());
                }
            }
            for (Connection c : connections) {
                if (c.waitingSince != 0 && now - c.waitingSince > 10_000_000_000L) {
                    throw new IOException("no answer within 10 s on a connection");
                }
            }
        }
    }

    /**
     * One keep-alive connection with one request in flight at a time: the latency of a request runs
     * from its first byte written to its response's last byte read.
     */
    private static final class Connection {
        private final String host;
        private final int port;
        final byte[][] requests;
        private final ByteBuffer in = ByteBuffer.allocateDirect(16 * 1024);
        private final byte[] head = new byte[16 * 1024];
        private SocketChannel channel;
        int sent;
        long waitingSince;
        long[] latencies = new long[1 << 16];
        int count;
        long errors;
        long takeErrors;

        Connection(String host, int port, String token, int leaseSeconds, List<String[]> leases) {
            this.host = host;
            this.port = port;
            requests = new byte[leases.size()][];
            for (int i = 0; i < leases.size(); i++) {
                String body = "{\"leaseSeconds\":" + leaseSeconds + ",\"holder\":\"" + leases.get(i)[1] + "\"}";
                requests[i] = ("PUT /v1/instances/" + leases.get(i)[0] + "/protection HTTP/1.1\r\n"
                        + "Host: " + host + ":" + port + "\r\n"
                        + "Authorization: Bearer " + token + "\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
            }
        }

        void open(Selector selector) throws IOException {
            channel = SocketChannel.open(new InetSocketAddress(host, port));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, this);
        }

        /** Sends the pass's first request; false when there is nothing to send. */
        boolean start(boolean takePass) throws IOException {
            if (takePass) {
                sent = 0;
            }
            if (requests.length == 0) {
                return false;
            }
            send(System.nanoTime());
            return true;
        }

        void send(long now) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(requests[sent++ % requests.length]);
            waitingSince = now;
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    Thread.onSpinWait(); // a full socket buffer: loopback drains it within microseconds
                }
            }
        }

        /**
         * Reads what arrived; true once the whole response to the request in flight is in (status
         * line, headers, Content-Length body), its latency kept if it was sent from measureFrom on.
         */
        boolean onReadable(long now, long measureFrom, boolean takePass) throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("the daemon closed a connection");
            }
            int length = in.position();
            in.flip();
            in.get(head, 0, length);
            in.clear();
            int end = headerEnd(length);
            if (end < 0 || length < end + contentLength(end)) {
                in.put(head, 0, length); // not all there yet
                return false;
            }
            int status = (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
            long took = now - waitingSince;
            boolean measured = waitingSince >= measureFrom;
            waitingSince = 0;
            if (takePass) {
                takeErrors += status == 200 ? 0 : 1;
            } else if (measured) {
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = took;
                errors += status == 200 ? 0 : 1;
            }
            return true;
        }

        private int headerEnd(int length) {
            for (int i = 3; i < length; i++) {
                if (head[i] == '\n' && head[i - 1] == '\r' && head[i - 2] == '\n' && head[i - 3] == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }

        private int contentLength(int headerEnd) {
            String headers = new String(head, 0, headerEnd, StandardCharsets.US_ASCII);
            int at = headers.toLowerCase(Locale.ROOT).indexOf("\r\ncontent-length:");
            if (at < 0) {
                return 0;
            }
            int from = at + "\r\ncontent-length:".length();
            return Integer.parseInt(headers.substring(from, headers.indexOf('\r', from)).trim());
        }
    }
}
