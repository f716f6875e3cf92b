package io.queueautoscaler.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenRulesTest {
    private static final String ADMIN = "a".repeat(16) + "0123456789abcdef";
    private static final String WORKER = "w".repeat(16) + "0123456789abcdef";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("two long, distinct, private tokens pass", List.of(ADMIN), List.of(WORKER), List.of()),
                Arguments.of("an unset optional second token counts for nothing", List.of(ADMIN, ""), List.of(WORKER, ""),
                        List.of()),
                Arguments.of("a token shorter than 32 characters", List.of("x".repeat(31)), List.of(WORKER),
                        List.of("auth.adminTokens[0] is 31 characters; a production token needs at least 32")),
                Arguments.of("the same token for both roles", List.of(ADMIN), List.of("y".repeat(40), ADMIN),
                        List.of("auth.adminTokens[0] equals auth.workerTokens[1]: every worker could act as an admin")),
                Arguments.of("the local default's token", List.of(ADMIN), List.of("local-worker-token"),
                        List.of("auth.workerTokens[0] is a placeholder published with queue-autoscaler")),
                Arguments.of("the old Kubernetes example's token, long enough but public",
                        List.of("replace-me-with-a-long-random-admin-token"), List.of(WORKER),
                        List.of("auth.adminTokens[0] is a placeholder published with queue-autoscaler")),
                Arguments.of("any value marked for replacement", List.of("CHANGEME-" + ADMIN), List.of(WORKER),
                        List.of("auth.adminTokens[0] is a placeholder published with queue-autoscaler")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refuses(String why, List<String> admin, List<String> worker, List<String> expectedStarts) {
        List<String> problems = TokenRules.problems(AuthConfiguration.of(admin, worker));

        assertThat(problems).hasSameSizeAs(expectedStarts);
        for (int i = 0; i < expectedStarts.size(); i++) {
            assertThat(problems.get(i)).startsWith(expectedStarts.get(i));
        }
        assertThat(String.join("\n", problems)).as("a problem never shows a token's value")
                .doesNotContain(ADMIN).doesNotContain(WORKER);
    }
}
