package io.queueautoscaler.lease;

import static io.queueautoscaler.testing.InMemoryFleet.inService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.lease.LeaseRefusedException.Refusal;
import io.queueautoscaler.testing.InMemoryFleet;
import io.queueautoscaler.testing.PolicyBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InstanceLocatorTest {
    private static final String MANAGED = "i-0a1b2c3d4e5f60001";
    private static final String OUTSIDER = "i-0b9f8e7d6c5b40021";
    private static final String BOOTING = "i-0a1b2c3d4e5f60003";
    private static final String LEAVING = "i-0a1b2c3d4e5f60004";
    private static final String JOINING = "i-0a1b2c3d4e5f60005";    // in the group, not yet in its description

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final InMemoryFleet fleet = new InMemoryFleet().group("thumbnails-workers", 0, 10, 3, inService(MANAGED),
            new FleetInstance(BOOTING, "Pending", false), new FleetInstance(LEAVING, "Terminating", false));
    private final AtomicInteger asked = new AtomicInteger();
    private RuntimeException groupsFailure;
    private final InstanceLocator locator = new InstanceLocator(fleet, id -> {
        asked.incrementAndGet();
        if (groupsFailure != null) {
            throw groupsFailure;
        }
        return switch (id) {
            case OUTSIDER -> Optional.of("batch-workers");
            case JOINING -> Optional.of("thumbnails-workers");
            default -> Optional.empty();
        };
    }, () -> List.of(PolicyBuilder.backlog("thumbnails", "thumbnails-workers", 0, 10).build()), clock);

    @Test
    void anInstanceOfAManagedGroupIsFoundWithoutAskingWhichGroupHoldsIt() {
        InstanceLocator.Location location = locator.locate(MANAGED);

        assertThat(location.policy().name()).isEqualTo("thumbnails");
        assertThat(location.instance().instanceId()).isEqualTo(MANAGED);
        assertThat(asked).hasValue(0);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("an instance still booting is to be retried", BOOTING, Refusal.UNAVAILABLE,
                        "is Pending in Auto Scaling group thumbnails-workers; a lease can be taken only while it is InService"),
                Arguments.of("an instance that joined after the last describe is to be retried", JOINING, Refusal.UNAVAILABLE,
                        "has just joined Auto Scaling group thumbnails-workers and is not in service yet; retry in a few seconds"),
                Arguments.of("an instance leaving service is refused for good", LEAVING, Refusal.CONFLICT,
                        "is Terminating in Auto Scaling group thumbnails-workers"),
                Arguments.of("an instance of a group no policy manages is refused for good", OUTSIDER, Refusal.CONFLICT,
                        "is in Auto Scaling group batch-workers, which no policy manages"),
                Arguments.of("an instance no group holds is unknown", "i-0fffffffffffffff0", Refusal.UNKNOWN_INSTANCE,
                        "no Auto Scaling group holds instance i-0fffffffffffffff0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesOnlyWhatWillNotPassByItselfForGood(String name, String instanceId, Refusal refusal, String says) {
        assertThatThrownBy(() -> locator.locate(instanceId))
                .isInstanceOfSatisfying(LeaseRefusedException.class, e -> assertThat(e.refusal()).isEqualTo(refusal))
                .hasMessageContaining(says);
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
