package io.queueautoscaler.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IMDSv2 against a metadata service that, like an instance requiring v2, answers nothing without a session token. */
class InstanceMetadataTest {
    private static final String TOKEN = "AQAEAFfRQQ0ZyMe_token==";
    private HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private volatile int tokenStatus = 200;
    private volatile String instanceId = "i-0a1b2c3d4e5f60001";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/latest/api/token", this::token);
        server.createContext("/latest/meta-data/instance-id", this::id);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void takesASessionTokenThenReadsTheInstanceIdWithIt() {
        assertThat(metadata().instanceId()).isEqualTo("i-0a1b2c3d4e5f60001");
        assertThat(requests).containsExactly("PUT /latest/api/token ttl=60", "GET /latest/meta-data/instance-id token=" + TOKEN);
    }

    @Test
    void aRefusedTokenSaysToPassTheInstanceId() {
        tokenStatus = 403;

        assertThatThrownBy(() -> metadata().instanceId()).isInstanceOf(UsageException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("--instance-id");
    }

    @Test
    void anAnswerThatIsNoInstanceIdIsRefused() {
        instanceId = "<html>captive portal</html>";

        assertThatThrownBy(() -> metadata().instanceId()).isInstanceOf(UsageException.class)
                .hasMessageContaining("not an EC2 instance ID").hasMessageContaining("--instance-id");
    }

    @Test
    void anUnreachableServiceNamesTheHopLimit() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        assertThatThrownBy(() -> new InstanceMetadata(closed).instanceId()).isInstanceOf(UsageException.class)
                .hasMessageContaining("hop limit").hasMessageContaining("--instance-id");
    }

    @Test
    void withoutInstanceIdTheSidecarAsksTheMetadataServiceItIsPointedAt() throws IOException {
        String previous = System.setProperty(InstanceMetadata.ENDPOINT_PROPERTY, metadataUri().toString());
        try (Sidecar sidecar = Sidecar.launch(List.of("--listen", "127.0.0.1:0", "--forward", "http://127.0.0.1:9",
                "--daemon", "http://127.0.0.1:9"), java.util.Map.of(SidecarOptions.TOKEN_VARIABLE, "worker-token"))) {
            assertThat(sidecar.instanceId()).isEqualTo("i-0a1b2c3d4e5f60001");
        } finally {
            if (previous == null) {
                System.clearProperty(InstanceMetadata.ENDPOINT_PROPERTY);
            } else {
                System.setProperty(InstanceMetadata.ENDPOINT_PROPERTY, previous);
            }
        }
    }

    private URI metadataUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private InstanceMetadata metadata() {
        return new InstanceMetadata(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    private synchronized void token(HttpExchange exchange) throws IOException {
        String ttl = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds");
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " ttl=" + ttl);
        boolean valid = exchange.getRequestMethod().equals("PUT") && ttl != null;
        answer(exchange, valid ? tokenStatus : 400, valid ? TOKEN : "");
    }

    private synchronized void id(HttpExchange exchange) throws IOException {
        String token = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token");
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " token=" + token);
        answer(exchange, TOKEN.equals(token) ? 200 : 401, TOKEN.equals(token) ? instanceId : "");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
