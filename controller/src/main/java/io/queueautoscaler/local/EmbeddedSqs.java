package io.queueautoscaler.local;

import io.dropwizard.lifecycle.Managed;
import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An SQS-compatible server (ElasticMQ) in this process, on loopback only. */
public final class EmbeddedSqs implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSqs.class);

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

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stopAndWait();
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
