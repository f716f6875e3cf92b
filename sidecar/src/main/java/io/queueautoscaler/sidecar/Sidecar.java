package io.queueautoscaler.sidecar;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The sidecar process: listens where the SQS daemon posts messages, forwards each request to the
 * worker application and holds a protection lease on this instance while it runs.
 *
 * <pre>
 * QUEUE_AUTOSCALER_WORKER_TOKEN=... java -jar queue-autoscaler-sidecar.jar \
 *     --listen 0.0.0.0:8080 --forward http://worker:8080 --daemon http://queue-autoscaler.internal:8080
 * </pre>
 */
public final class Sidecar implements AutoCloseable {
    /**
     * Requests in flight at once. The Elastic Beanstalk SQS daemon opens at most 100 connections
     * (its HttpConnections setting); more callers wait in the server's queue.
     */
    static final int MAX_CONCURRENT_REQUESTS = 100;
    /** How long a stopping sidecar lets running requests finish (ECS stops a container after 30 s). */
    static final int STOP_GRACE_SECONDS = 25;

    private static final Logger LOG = Logger.getLogger(Sidecar.class.getName());

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Forwarder forwarder;
    private final Protector protector;
    private final String instanceId;

    private Sidecar(HttpServer server, ExecutorService handlers, Forwarder forwarder, Protector protector,
                    String instanceId) {
        this.server = server;
        this.forwarder = forwarder;
        this.handlers = handlers;
        this.protector = protector;
        this.instanceId = instanceId;
    }

    public static void main(String[] args) {
        // One line per record, before the first logger is made.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL%1$tz %4$s %3$s - %5$s%6$s%n");
        }
        Sidecar sidecar;
        try {
            sidecar = launch(List.of(args), System.getenv());
        } catch (UsageException e) {
            System.err.println("queue-autoscaler-sidecar: " + e.getMessage());
            System.err.println(SidecarOptions.USAGE);
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("queue-autoscaler-sidecar: cannot listen: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sidecar::close, "sidecar-stop"));
    }

    /**
     * Starts the sidecar from a command line and environment.
     *
     * @throws UsageException naming the flag or variable that is wrong
     */
    static Sidecar launch(List<String> args, Map<String, String> environment) throws IOException {
        return start(SidecarOptions.parse(args, environment), InstanceMetadata.ofThisInstance(), Clock.systemUTC());
    }

    /** Starts listening; the instance ID comes from the options or else from {@code metadata}. */
    public static Sidecar start(SidecarOptions options, InstanceMetadata metadata, Clock clock) throws IOException {
        String instanceId = options.instanceId().orElseGet(metadata::instanceId);
        LeaseApi api = new LeaseApi(options.daemon(), instanceId, options.workerToken(), options.leaseLength());
        Protector protector = new Protector(api, instanceId, options.renewEvery(), new ThrottledWarning(LOG, clock));
        Forwarder forwarder = new Forwarder(options.forward(), protector, new ThrottledWarning(LOG, clock));
        HttpServer server = HttpServer.create(options.listen(), 0);
        ExecutorService handlers = handlerThreads();
        server.setExecutor(handlers);
        server.createContext("/", forwarder);
        server.start();
        LOG.info("forwarding " + server.getAddress() + " to " + options.forward() + ", protecting instance " + instanceId
                + " through " + options.daemon() + " with " + options.leaseLength().toSeconds() + " s leases");
        return new Sidecar(server, handlers, forwarder, protector, instanceId);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public String instanceId() {
        return instanceId;
    }

    /** Stops taking requests, lets running ones finish (and release their leases), then stops. */
    @Override
    public void close() {
        try {
            if (!forwarder.drain(Duration.ofSeconds(STOP_GRACE_SECONDS))) {
                LOG.warning("stopping with requests still running after " + STOP_GRACE_SECONDS + " s; their leases expire "
                        + "by themselves");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        handlers.shutdownNow();
        protector.close();
    }

    private static ExecutorService handlerThreads() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_CONCURRENT_REQUESTS, MAX_CONCURRENT_REQUESTS, 60,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> new Thread(r, "sidecar-request-" + n.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
