package io.queueautoscaler.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.lease.LeaseRefusedException.Refusal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseSummaryTest {
    private final LeaseSummary summary = new LeaseSummary();

    @Test
    void aQuietPeriodWritesNothing() {
        assertThat(summary.log(Duration.ofMinutes(1))).isNull();
    }

    @Test
    void aPeriodSaysWhatWorkersDidThenStartsAgain() {
        summary.taken();
        summary.taken();
        summary.renewed(40);
        summary.released();
        summary.expired(1);
        summary.refused(Refusal.CONFLICT);
        summary.refused(Refusal.UNAVAILABLE);
        summary.refused(Refusal.UNAVAILABLE);
        summary.protectionSet(2, 1);

        assertThat(summary.log(Duration.ofMinutes(1))).isEqualTo("leases in the last 60 s: 2 taken, 40 renewed, "
                + "1 released, 1 expired, 3 refused (1 conflict, 2 unavailable); protection set on instances 2 times, lifted 1 time");
        assertThat(summary.log(Duration.ofMinutes(1))).isNull();
    }
}
