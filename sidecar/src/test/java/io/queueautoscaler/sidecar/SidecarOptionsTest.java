package io.queueautoscaler.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SidecarOptionsTest {
    private static final Map<String, String> TOKEN = Map.of(SidecarOptions.TOKEN_VARIABLE, "worker-token");
    private static final List<String> VALID = List.of("--listen", "0.0.0.0:8080", "--forward", "http://worker:8080",
            "--daemon", "http://queue-autoscaler.internal:8080");

    @Test
    void theDocumentedCommandLineParses() {
        SidecarOptions options = SidecarOptions.parse(VALID, TOKEN);

        assertThat(options.listen().getHostString()).isEqualTo("0.0.0.0");
        assertThat(options.listen().getPort()).isEqualTo(8080);
        assertThat(options.forward()).isEqualTo(URI.create("http://worker:8080"));
        assertThat(options.daemon()).isEqualTo(URI.create("http://queue-autoscaler.internal:8080"));
        assertThat(options.instanceId()).isEmpty();
        assertThat(options.workerToken()).isEqualTo("worker-token");
        assertThat(options.leaseLength()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.renewEvery()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void optionalFlagsAndTheEqualsFormParse() {
        SidecarOptions options = SidecarOptions.parse(List.of("--listen=[::1]:9000", "--forward=https://worker",
                "--daemon", "http://daemon:8080/", "--instance-id", "i-0a1b2c3d4e5f60001", "--lease-seconds", "120"), TOKEN);

        assertThat(options.listen().getAddress().isLoopbackAddress()).isTrue();
        assertThat(options.listen().getPort()).isEqualTo(9000);
        assertThat(options.instanceId()).hasValue("i-0a1b2c3d4e5f60001");
        assertThat(options.leaseLength()).isEqualTo(Duration.ofSeconds(120));
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of("no --listen", List.of("--forward", "http://w", "--daemon", "http://d"), "--listen is required"),
                Arguments.of("no --forward", List.of("--listen", "h:1", "--daemon", "http://d"), "--forward is required"),
                Arguments.of("no --daemon", List.of("--listen", "h:1", "--forward", "http://w"), "--daemon is required"),
                Arguments.of("a port that is no number", with("--listen", "0.0.0.0:http"), "--listen port must be a number"),
                Arguments.of("a port out of range", with("--listen", "0.0.0.0:70000"), "--listen port must be a number"),
                Arguments.of("no port at all", with("--listen", "0.0.0.0"), "--listen must be HOST:PORT"),
                Arguments.of("a forward URL without scheme", with("--forward", "worker:8080"), "--forward must be an http://"),
                Arguments.of("a daemon URL of another scheme", with("--daemon", "ftp://daemon"), "--daemon must be an http://"),
                Arguments.of("a URL with a query", with("--daemon", "http://daemon/?x=1"), "--daemon must not have a query"),
                Arguments.of("a malformed instance ID", plus("--instance-id", "i-XYZ"), "--instance-id must be an EC2 instance ID"),
                Arguments.of("a lease of no seconds", plus("--lease-seconds", "0"), "--lease-seconds must be at least 1"),
                Arguments.of("a lease that is no number", plus("--lease-seconds", "1m"), "--lease-seconds must be a whole number"),
                Arguments.of("an unknown flag", plus("--port", "8080"), "unknown argument '--port'"),
                Arguments.of("a flag twice", plus("--listen", "h:2"), "--listen is given twice"),
                Arguments.of("a flag without value", plus("--instance-id"), "--instance-id needs a value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommandLines")
    void aBadCommandLineNamesTheFlag(String why, List<String> args, String message) {
        assertThatThrownBy(() -> SidecarOptions.parse(args, TOKEN)).isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aMissingTokenNamesTheVariable() {
        assertThatThrownBy(() -> SidecarOptions.parse(VALID, Map.of())).isInstanceOf(UsageException.class)
                .hasMessageContaining("QUEUE_AUTOSCALER_WORKER_TOKEN is not set");
    }

    private static List<String> with(String flag, String value) {
        List<String> args = new java.util.ArrayList<>(VALID);
        args.set(args.indexOf(flag) + 1, value);
        return args;
    }

    private static List<String> plus(String... more) {
        List<String> args = new java.util.ArrayList<>(VALID);
        args.addAll(List.of(more));
        return args;
    }
}
