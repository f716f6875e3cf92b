package io.queueautoscaler.testing;

import io.queueautoscaler.aws.AwsClients;
import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An embedded ElasticMQ (SQS-compatible) server on a free loopback port, for one test class:
 * {@code @RegisterExtension static final ElasticMqExtension SQS = new ElasticMqExtension();}.
 * Queue URLs it hands out point at itself, e.g. {@code http://127.0.0.1:41234/000000000000/jobs}.
 */
public final class ElasticMqExtension implements BeforeAllCallback, AfterAllCallback {

    private SQSRestServer server;
    private URI endpoint;
    private AwsClients clients;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = SQSRestServerBuilder.withPort(0).withInterface("127.0.0.1").start();
        int port = server.waitUntilStarted().localAddress().getPort();
        endpoint = URI.create("http://127.0.0.1:" + port);
        clients = AwsClients.forLocalEndpoint(endpoint);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (clients != null) {
            clients.close();
        }
        if (server != null) {
            server.stopAndWait();
        }
    }

    /** The server's base URL, to point an {@link AwsClients} or a config's aws.endpoints.sqs at. */
    public URI endpoint() {
        return endpoint;
    }

    /** A client of this server, with retries off; closed with the server. */
    public SqsClient sqs() {
        return clients.sqs();
    }

    /** Creates a queue (or returns the existing one of that name) and returns its URL. */
    public String createQueue(String name) {
        return sqs().createQueue(request -> request.queueName(name)).queueUrl();
    }
}
