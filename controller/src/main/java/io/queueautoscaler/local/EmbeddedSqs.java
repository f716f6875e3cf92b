package io.queueautoscaler.local;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dropwizard.lifecycle.Managed;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.duration.FiniteDuration;
import scala.jdk.javaapi.FutureConverters;

/**
 * An SQS-compatible server (ElasticMQ) in this process, on loopback only. Its actor system is
 * the daemon's to stop, in the daemon's order (after the workers and clients that use it): Pekko's
 * own JVM shutdown hook is off, or it would race the daemon's stop on SIGTERM.
 */
public final class EmbeddedSqs implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSqs.class);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Requests still open at stop get this long to finish: by then the local workers are stopped,
     * and an idle long poll (up to 20 s) has nobody left to answer.
     */
    private static final FiniteDuration UNBIND_DEADLINE = FiniteDuration.apply(1, TimeUnit.SECONDS);
    private static final Config ACTOR_SYSTEM = ConfigFactory.parseString(
            "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
                    + "pekko.jvm-shutdown-hooks = off\n"
                    + "pekko.log-dead-letters-during-shutdown = off\n")
            .withFallback(ConfigFactory.load());

    private final int port;
    private ActorSystem system;
    private Http.ServerBinding binding;
    private URI endpoint;

    public EmbeddedSqs(int port) {
        this.port = port;
    }

    @Override
    public synchronized void start() {
        system = ActorSystem.create("elasticmq", ACTOR_SYSTEM);
        binding = SQSRestServerBuilder.withActorSystem(system).withInterface("127.0.0.1").withPort(port).start()
                .waitUntilStarted();
        endpoint = URI.create("http://127.0.0.1:" + binding.localAddress().getPort());
        LOG.info("embedded SQS-compatible server (ElasticMQ) listening on {}", endpoint);
    }

    /**
     * Closes the port, then stops the actor system, waiting a bounded time for each: the embedded
     * default is going away, and a slow stop must not hold up the daemon's (or a test's) exit.
     */
    @Override
    public synchronized void stop() {
        if (system == null) {
            return;
        }
        try {
            FutureConverters.asJava(binding.terminate(UNBIND_DEADLINE)).toCompletableFuture()
                    .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("embedded SQS server did not stop within {} s; leaving it to the JVM's exit", STOP_TIMEOUT.toSeconds());
        } catch (ExecutionException e) {
            LOG.warn("embedded SQS server stopped with an error: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            system = null;
            binding = null;
        }
    }

    public synchronized URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("the embedded SQS server is not started");
        }
        return endpoint;
    }
}
