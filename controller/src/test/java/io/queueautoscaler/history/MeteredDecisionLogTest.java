package io.queueautoscaler.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.queueautoscaler.history.DecisionInputs;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Reason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeteredDecisionLogTest {
    private final MetricRegistry registry = new MetricRegistry();
    private final InMemoryDecisionLog stored = new InMemoryDecisionLog(10);
    private final MeteredDecisionLog log = new MeteredDecisionLog(stored, registry);

    private static Decision decision(int current, int desired, Outcome outcome) {
        return new Decision(0, "thumbnails", Instant.parse("2026-11-26T10:00:00Z"), current, desired, desired,
                Action.between(current, desired), outcome, Reason.LATENCY_TARGET, "m", false, DecisionInputs.NONE, List.of());
    }

    @Test
    void countsDecisionsByPolicyAndOutcomeAndShowsTheLastCapacities() {
        log.append(decision(2, 5, Outcome.APPLIED));
        log.append(decision(5, 5, Outcome.FAILED));
        log.append(decision(5, 3, Outcome.APPLIED));

        assertThat(registry.meter("decisions.thumbnails.APPLIED").getCount()).isEqualTo(2);
        assertThat(registry.meter("decisions.thumbnails.FAILED").getCount()).isEqualTo(1);
        assertThat(registry.getGauges().get("policies.thumbnails.current-capacity").getValue()).isEqualTo(5);
        assertThat(((Gauge<?>) registry.getGauges().get("policies.thumbnails.desired-capacity")).getValue()).isEqualTo(3);
        assertThat(stored.all()).hasSize(3);
    }

    @Test
    void aRemovedPolicyStopsReporting() {
        log.append(decision(2, 5, Outcome.APPLIED));

        log.retain(java.util.Set.of("reports"));

        assertThat(registry.getNames()).noneMatch(name -> name.contains("thumbnails"));
        log.append(decision(5, 6, Outcome.APPLIED));
        assertThat(registry.getGauges()).containsKey("policies.thumbnails.desired-capacity");
    }
}
