package io.queueautoscaler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LeaseAnswerTest {

    @Test
    void readsTheFieldsAWorkerNeedsWhateverTheirOrderAndSpacing() {
        LeaseAnswer answer = LeaseAnswer.parse("{ \"protected\" : true, \"expiresAt\": \"2026-11-26T10:05:00.250Z\",\n"
                + " \"autoScalingGroupName\":\"thumbnails-workers\", \"draining\": true, \"instanceId\":\"i-0a1b2c3d4e5f60001\" }");

        assertThat(answer).isEqualTo(new LeaseAnswer("thumbnails-workers", Instant.parse("2026-11-26T10:05:00.250Z"), true, true));
    }

    @Test
    void anAnswerWithoutDrainingIsNotDraining() {
        assertThat(LeaseAnswer.parse("{\"expiresAt\":\"2026-11-26T10:05:00Z\"}").draining()).isFalse();
    }

    @Test
    void readsEveryHolderOfAnInstanceAnswer() {
        InstanceAnswer answer = InstanceAnswer.parse("{\"instanceId\":\"i-0a1b2c3d4e5f60001\",\"protected\":true,"
                + "\"draining\":false,\"holders\":[{\"holder\":\"task \\\"a\\\"\",\"expiresAt\":\"2026-11-26T10:05:00Z\"},"
                + " { \"holder\" : \"task-b\", \"expiresAt\" : \"2026-11-26T10:06:00Z\" }]}");

        assertThat(answer.protectedFromScaleIn()).isTrue();
        assertThat(answer.holders()).containsOnly(
                java.util.Map.entry("task \"a\"", Instant.parse("2026-11-26T10:05:00Z")),
                java.util.Map.entry("task-b", Instant.parse("2026-11-26T10:06:00Z")));
        assertThat(answer.latestExpiry()).isEqualTo(Instant.parse("2026-11-26T10:06:00Z"));
    }

    @Test
    void anAnswerWithoutExpiryIsAnError() {
        assertThatThrownBy(() -> LeaseAnswer.parse("{\"instanceId\":\"i-0a1b2c3d4e5f60001\"}"))
                .isInstanceOf(ProtectionException.class).hasMessageContaining("no expiresAt");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "the message of an error object | {\"code\":404,\"message\":\"no instance i-1\"} | no instance i-1",
            "escaped quotes and unicode are read back | {\"code\":400,\"message\":\"leaseSeconds \\\"x\\\" \\u2264 60\"} | leaseSeconds \"x\" ≤ 60",
            "a body that is not our error shape is quoted as is | <html>Bad Gateway</html> | <html>Bad Gateway</html>"})
    void errorMessages(String name, String body, String message) {
        assertThat(LeaseAnswer.errorMessage(body)).isEqualTo(message);
    }
}
