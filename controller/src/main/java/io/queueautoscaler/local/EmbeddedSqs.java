package io.queueautoscaler.local;

import io.dropwizard.lifecycle.Managed;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.FutureConverters;

/** An SQS-compatible server (ElasticMQ) in this process, on loopback only. */
public final class EmbeddedSqs implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSqs.class);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private SQSRestServer server;
    private URI endpoint;

    public EmbeddedSqs(int port) {
        this.port = port;
    }

    @Override
    public synchronized void start() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).start();
        int bound = server.waitUntilStarted().localAddress().getPort();
        endpoint = URI.create("http://127.0.0.1:" + bound);
        LOG.info("embedded SQS-compatible server (ElasticMQ) listening on {}", endpoint);
    }

    /**
     * Stops the server, waiting a bounded time: the embedded default is going away, and a slow
     * actor-system shutdown must not hold up the daemon's (or a test's) exit.
     */
    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            FutureConverters.asJava(server.stopAndGetFuture().apply()).toCompletableFuture()
                    .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("embedded SQS server did not stop within {} s; leaving it to the JVM's exit", STOP_TIMEOUT.toSeconds());
        } catch (ExecutionException e) {
            LOG.warn("embedded SQS server stopped with an error: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server = null;
        }
    }

    public synchronized URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("the embedded SQS server is not started");
        }
        return endpoint;
    }
}
