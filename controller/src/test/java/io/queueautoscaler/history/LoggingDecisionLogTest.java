package io.queueautoscaler.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoggingDecisionLogTest {

    @Test
    void aMessageIsLoggedOnOneLineOfBoundedLength() {
        String cause = "no decision: cannot describe Auto Scaling Group g: " + "x".repeat(1800);
        String line = LoggingDecisionLog.oneLine(cause + "\n\tat somewhere(Somewhere.java:1)\n");
        assertThat(line).doesNotContain("\n").startsWith("no decision: cannot describe Auto Scaling Group g: xxx")
                .endsWith("... (1882 characters; GET /v1/decisions/{id} has all)");
        assertThat(line.length()).isLessThan(LoggingDecisionLog.MAX_MESSAGE_CHARS + 80);
    }

    @Test
    void aShortMessageIsKeptAsItIs() {
        assertThat(LoggingDecisionLog.oneLine("scale out 1 -> 4: backlog 56")).isEqualTo("scale out 1 -> 4: backlog 56");
    }
}
