package io.queueautoscaler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.lease.LeaseRefusedException;
import io.queueautoscaler.lease.LeaseRefusedException.Refusal;
import io.queueautoscaler.clock.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Retry-After under a retry storm: jittered, growing with consecutive 503s, and reset by the first answer. */
class LeaseRefusalMapperTest {
    private final VirtualClock clock = new VirtualClock(java.time.Instant.parse("2026-11-30T10:00:00Z"));

    @Test
    void retryAfterGrowsWithConsecutiveFailuresUpTo30SecondsWithJitter() {
        LeaseRefusalMapper mapper = new LeaseRefusalMapper(refusal -> { }, clock, new SplittableRandom(7));
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waits.add(retryAfter(mapper));
        }
        // the n-th 503 says between half and all of 2^(n-1) s, at most 30 s
        for (int n = 1; n <= waits.size(); n++) {
            long ceiling = Math.min(30, 1L << (n - 1));
            assertThat(waits.get(n - 1)).as("503 number " + n).isBetween(Math.max(1, ceiling / 2), ceiling);
        }
        assertThat(waits.get(7)).isGreaterThanOrEqualTo(15);
    }

    @Test
    void workersRefusedTogetherAreToldDifferentTimes() {
        List<Long> told = new ArrayList<>();
        for (int worker = 0; worker < 20; worker++) {
            LeaseRefusalMapper mapper = new LeaseRefusalMapper(refusal -> { }, clock, new SplittableRandom(worker));
            for (int i = 0; i < 5; i++) {
                retryAfter(mapper);
            }
            told.add(retryAfter(mapper));
        }
        assertThat(told.stream().distinct().count()).isGreaterThan(3);
    }

    @Test
    void anAnswerBelow500StartsTheCountAgain() {
        LeaseRefusalMapper mapper = new LeaseRefusalMapper(refusal -> { }, clock, new SplittableRandom(7));
        for (int i = 0; i < 6; i++) {
            retryAfter(mapper);
        }
        mapper.answered(200);
        assertThat(retryAfter(mapper)).isEqualTo(1);
    }

    private static long retryAfter(LeaseRefusalMapper mapper) {
        var response = mapper.toResponse(new LeaseRefusedException(Refusal.UNAVAILABLE, "Auto Scaling is throttling"));
        assertThat(response.getStatus()).isEqualTo(503);
        return Long.parseLong(response.getHeaderString("Retry-After"));
    }
}
