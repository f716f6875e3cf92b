import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
 * Loopback only: it refuses any other host. Raw sockets rather than an HTTP client library keep
 * the generator's own CPU cost low, since it shares the machine with the daemon it measures.
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
        CountDownLatch taken = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(connections);
        long[] window = new long[2];
        for (int c = 0; c < connections; c++) {
            List<String[]> mine = new ArrayList<>();
            for (int i = c; i < Math.max(leases.size(), connections); i += connections) {
                mine.add(leases.get(i % leases.size()));
            }
            workers[c] = new Connection(host, port, workerToken, leaseSeconds, mine, window, taken, go, done);
            Thread thread = new Thread(workers[c], "load-" + c);
            thread.setDaemon(true);
            thread.start();
        }
        long takingFrom = System.nanoTime();
        taken.await();
        System.out.printf(Locale.ROOT, "every lease taken (or renewed) once in %.1f s (non-200: %d); warming up%n",
                (System.nanoTime() - takingFrom) / 1e9, java.util.Arrays.stream(workers).mapToLong(w -> w.takeErrors).sum());
        window[0] = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        window[1] = window[0] + seconds * 1_000_000_000L;
        go.countDown();
        done.await();

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
     * One keep-alive connection: takes (or renews) each of its leases once, waits for the others
     * to have done so, then renews them in turn; latencies are kept only in the measured window.
     */
    private static final class Connection implements Runnable {
        private final String host;
        private final int port;
        private final byte[][] requests;
        private final long[] window;
        private final CountDownLatch taken;
        private final CountDownLatch go;
        private final CountDownLatch done;
        long[] latencies = new long[1 << 16];
        int count;
        long errors;
        long takeErrors;

        Connection(String host, int port, String token, int leaseSeconds, List<String[]> leases, long[] window,
                   CountDownLatch taken, CountDownLatch go, CountDownLatch done) {
            this.host = host;
            this.port = port;
            this.window = window;
            this.taken = taken;
            this.go = go;
            this.done = done;
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

        @Override
        public void run() {
            try (Socket socket = new Socket(host, port)) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
                for (byte[] request : requests) {
                    out.write(request);
                    out.flush();
                    if (readResponse(in) != 200) {
                        takeErrors++;
                    }
                }
                taken.countDown();
                go.await();
                long measureFrom = window[0];
                long measureUntil = window[1];
                for (int i = 0; ; i++) {
                    long sent = System.nanoTime();
                    if (sent >= measureUntil) {
                        return;
                    }
                    out.write(requests[i % requests.length]);
                    out.flush();
                    int status = readResponse(in);
                    long took = System.nanoTime() - sent;
                    if (sent >= measureFrom) {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = took;
                        if (status != 200) {
                            errors++;
                        }
                    }
                }
            } catch (IOException e) {
                System.err.println("connection failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                taken.countDown();
                done.countDown();
            }
        }

        /** Reads one response (status line, headers, Content-Length body); returns the status. */
        private static int readResponse(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = 0;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            for (int left = length; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed mid-body");
                    }
                    skipped = 1;
                }
                left -= (int) skipped;
            }
            return status;
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }
    }
}
