package io.queueautoscaler.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionInputs;
import io.queueautoscaler.history.DecisionQuery;
import io.queueautoscaler.history.Outcome;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscardingDecisionLogTest {
    private final DiscardingDecisionLog log = new DiscardingDecisionLog();

    private static Decision decision(int desired) {
        return new Decision(0, "jobs", Instant.EPOCH, 2, desired, desired, Action.SCALE_OUT, Outcome.APPLIED,
                Reason.BACKLOG_PER_INSTANCE, "scale out 2 -> " + desired, false, DecisionInputs.NONE, List.of());
    }

    @Test
    void numbersEachDecisionAsAStoreWould() {
        assertThat(log.append(decision(4)).id()).isEqualTo(1);
        assertThat(log.append(decision(5))).isEqualTo(decision(5).withId(2));
    }

    @Test
    void keepsNoneOfThem() {
        long id = log.append(decision(4)).id();

        assertThat(log.find(id)).isEmpty();
        assertThat(log.list(new DecisionQuery(Optional.empty(), Optional.empty(), Optional.empty(), 10, Optional.empty()))
                .items()).isEmpty();
    }
}
