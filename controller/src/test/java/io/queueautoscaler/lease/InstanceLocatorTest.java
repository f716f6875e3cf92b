package io.queueautoscaler.lease;

import static io.queueautoscaler.testing.InMemoryFleet.inService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.sim.VirtualClock;
import io.queueautoscaler.testing.InMemoryFleet;
import io.queueautoscaler.testing.PolicyBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InstanceLocatorTest {
    private static final String MANAGED = "i-0a1b2c3d4e5f60001";
    private static final String OUTSIDER = "i-0b9f8e7d6c5b40021";

    private final VirtualClock clock = VirtualClock.at("2026-11-26T10:00:00Z");
    private final InMemoryFleet fleet = new InMemoryFleet().group("thumbnails-workers", 0, 10, 1, inService(MANAGED));
    private final AtomicInteger asked = new AtomicInteger();
    private RuntimeException groupsFailure;
    private final InstanceLocator locator = new InstanceLocator(fleet, id -> {
        asked.incrementAndGet();
        if (groupsFailure != null) {
            throw groupsFailure;
        }
        return id.equals(OUTSIDER) ? Optional.of("batch-workers") : Optional.empty();
    }, () -> List.of(PolicyBuilder.backlog("thumbnails", "thumbnails-workers", 0, 10).build()), clock);

    @Test
    void anInstanceOfAManagedGroupIsFoundWithoutAskingWhichGroupHoldsIt() {
        InstanceLocator.Location location = locator.locate(MANAGED);

        assertThat(location.policy().name()).isEqualTo("thumbnails");
        assertThat(location.instance().instanceId()).isEqualTo(MANAGED);
        assertThat(asked).hasValue(0);
    }

    @Test
    void anOutsiderIsLookedUpOnceAMinuteHoweverOftenItsWorkerAsks() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> locator.locate(OUTSIDER)).isInstanceOfSatisfying(LeaseRefusedException.class,
                    e -> assertThat(e.refusal()).isEqualTo(LeaseRefusedException.Refusal.CONFLICT));
        }
        assertThat(asked).hasValue(1);

        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> locator.locate(OUTSIDER)).isInstanceOf(LeaseRefusedException.class);
        assertThat(asked).hasValue(2);
    }

    @Test
    void whenAwsCannotAnswerTheWorkerIsToldToRetry() {
        groupsFailure = new FleetException("DescribeAutoScalingInstances failed: Throttling (HTTP 400): Rate exceeded");

        assertThatThrownBy(() -> locator.locate("i-0fffffffffffffff0"))
                .isInstanceOfSatisfying(LeaseRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(LeaseRefusedException.Refusal.UNAVAILABLE))
                .hasMessageContaining("retry shortly");
    }
}
