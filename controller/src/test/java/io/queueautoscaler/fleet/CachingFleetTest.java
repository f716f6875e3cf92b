package io.queueautoscaler.fleet;

import static io.queueautoscaler.testing.InMemoryFleet.inService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.testing.InMemoryFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CachingFleetTest {

    private static final Duration TTL = Duration.ofSeconds(2);

    private final VirtualClock clock = new VirtualClock(Instant.parse("2025-03-14T11:00:00Z"));
    private final InMemoryFleet groups = new InMemoryFleet()
            .group("thumbnails-workers", 0, 10, 3, inService("i-01"), inService("i-02"), inService("i-03"))
            .group("pdf-render-workers", 0, 10, 1, inService("i-11"));
    private final CachingFleet fleet = new CachingFleet(groups, clock, TTL);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        groups.releaseDescribes();
        threads.shutdownNow();
    }

    @Test
    void aMissAmongHundredsOfGroupsCostsOneCallOfTheWantedAndTheOldestOthers() {
        InMemoryFleet many = new InMemoryFleet();
        for (int i = 0; i < 250; i++) {
            many.group("g-" + i, 0, 10, 1, inService("i-" + i));
        }
        CachingFleet cached = new CachingFleet(many, clock, TTL);
        for (int i = 0; i < 250; i++) {
            cached.describe(List.of("g-" + i));
        }
        clock.advance(TTL);

        cached.describe(List.of("g-249"));

        Set<String> last = many.describes().get(many.describes().size() - 1);
        assertThat(last).hasSize(100).contains("g-249");
        assertThat(cached.describe(List.of(last.stream().filter(n -> !n.equals("g-249")).findFirst().orElseThrow())))
                .as("served from the cache").hasSize(1);
        assertThat(many.describes().get(many.describes().size() - 1)).isEqualTo(last);
    }

    @Test
    void aSecondDescribeWithinTheTtlIsServedFromTheCache() {
        fleet.describe(List.of("thumbnails-workers"));
        clock.advance(TTL.minusMillis(1));

        assertThat(fleet.describe(List.of("thumbnails-workers")).get("thumbnails-workers").desiredCapacity()).isEqualTo(3);
        assertThat(groups.describes()).hasSize(1);
    }

    @Test
    void aDescribeOnceTheTtlHasPassedAsksAgain() {
        fleet.describe(List.of("thumbnails-workers"));
        clock.advance(TTL);

        fleet.describe(List.of("thumbnails-workers"));

        assertThat(groups.describes()).hasSize(2);
    }

    @Test
    void policiesOfDifferentGroupsShareOneDescribeOfEveryKnownGroup() {
        fleet.describe(List.of("thumbnails-workers"));
        fleet.describe(List.of("pdf-render-workers"));
        clock.advance(TTL);

        fleet.describe(List.of("thumbnails-workers"));
        Map<String, GroupState> pdf = fleet.describe(List.of("pdf-render-workers"));

        assertThat(pdf).containsOnlyKeys("pdf-render-workers");
        assertThat(groups.describes()).containsExactly(
                Set.of("thumbnails-workers"),
                Set.of("thumbnails-workers", "pdf-render-workers"),
                Set.of("thumbnails-workers", "pdf-render-workers"));
    }

    @Test
    void aGroupThatDoesNotExistIsRememberedAsAbsentForTheTtl() {
        assertThat(fleet.describe(List.of("no-such-group"))).isEmpty();
        assertThat(fleet.describe(List.of("no-such-group"))).isEmpty();

        assertThat(groups.describes()).hasSize(1);
    }

    @Test
    void aGroupNobodyAskedAboutForTenMinutesIsNoLongerDescribed() {
        fleet.describe(List.of("pdf-render-workers"));
        clock.advance(CachingFleet.FORGET_AFTER.plusSeconds(1));

        fleet.describe(List.of("thumbnails-workers"));

        assertThat(groups.describes()).last().isEqualTo(Set.of("thumbnails-workers"));
    }

    @Test
    void settingDesiredCapacityDropsTheGroupsEntry() {
        fleet.describe(List.of("thumbnails-workers"));

        fleet.setDesiredCapacity("thumbnails-workers", 7);

        assertThat(fleet.describe(List.of("thumbnails-workers")).get("thumbnails-workers").desiredCapacity()).isEqualTo(7);
        assertThat(groups.describes()).hasSize(2);
    }

    @Test
    void changingProtectionDropsTheGroupsEntry() {
        fleet.describe(List.of("thumbnails-workers"));

        fleet.setProtection("thumbnails-workers", List.of("i-02"), true);

        assertThat(fleet.describe(List.of("thumbnails-workers")).get("thumbnails-workers").instances())
                .filteredOn(FleetInstance::protectedFromScaleIn).extracting(FleetInstance::instanceId).containsExactly("i-02");
    }

    @Test
    void aFailedWriteDropsTheGroupsEntryAllTheSameAsItMayHaveChangedPartly() {
        fleet.describe(List.of("thumbnails-workers", "pdf-render-workers"));
        groups.failWrites = new FleetException("SetInstanceProtection failed: Throttling (HTTP 400): Rate exceeded");

        assertThatThrownBy(() -> fleet.setProtection("thumbnails-workers", List.of("i-01"), true))
                .isInstanceOf(FleetException.class);
        fleet.describe(List.of("pdf-render-workers"));
        fleet.describe(List.of("thumbnails-workers"));

        assertThat(groups.describes()).hasSize(2);
    }

    @Test
    void terminatingAnInstanceDropsTheEntryOfTheGroupHoldingIt() {
        fleet.describe(List.of("thumbnails-workers", "pdf-render-workers"));

        fleet.terminateAndDecrement("i-03");
        fleet.describe(List.of("pdf-render-workers"));
        GroupState thumbnails = fleet.describe(List.of("thumbnails-workers")).get("thumbnails-workers");

        assertThat(thumbnails.instances()).extracting(FleetInstance::instanceId).containsExactly("i-01", "i-02");
        assertThat(thumbnails.desiredCapacity()).isEqualTo(2);
        assertThat(groups.describes()).hasSize(2);
    }

    @Test
    void aFailedDescribeIsSharedByEveryCallerForOneTtlThenRetried() {
        groups.failDescribe = new FleetException("DescribeAutoScalingGroups failed: Throttling (HTTP 400): Rate exceeded");
        assertThatThrownBy(() -> fleet.describe(List.of("thumbnails-workers"))).isInstanceOf(FleetException.class);
        groups.failDescribe = null;

        clock.advance(TTL.minusMillis(1));
        assertThatThrownBy(() -> fleet.describe(List.of("thumbnails-workers", "pdf-render-workers")))
                .isInstanceOf(FleetException.class)
                .hasMessageContaining("Auto Scaling describe failed 1999 ms ago")
                .hasMessageContaining("Throttling (HTTP 400): Rate exceeded");
        assertThat(groups.describes()).hasSize(1);

        clock.advance(Duration.ofMillis(1));
        assertThat(fleet.describe(List.of("thumbnails-workers"))).containsOnlyKeys("thumbnails-workers");
        assertThat(groups.describes()).hasSize(2);
    }

    @Test
    void aCallerArrivingDuringADescribeWaitsForItInsteadOfCallingToo() throws Exception {
        groups.holdDescribes();
        Future<Map<String, GroupState>> first = threads.submit(() -> fleet.describe(List.of("thumbnails-workers")));
        groups.awaitDescribeStarted();
        Future<Map<String, GroupState>> second = waitingDescribe("thumbnails-workers").result();

        groups.releaseDescribes();

        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(first.get(30, TimeUnit.SECONDS));
        assertThat(groups.describes()).hasSize(1);
    }

    @Test
    void aDescribeThatFailsAfterALongHangIsSharedWithItsWaitersAndForOneTtlAfterItFailed() throws Exception {
        groups.failDescribe = new FleetException("DescribeAutoScalingGroups failed: ApiCallTimeoutException");
        groups.holdDescribes();
        Future<Map<String, GroupState>> first = threads.submit(() -> fleet.describe(List.of("thumbnails-workers")));
        groups.awaitDescribeStarted();
        Future<Map<String, GroupState>> waiter = waitingDescribe("pdf-render-workers").result();

        clock.advance(Duration.ofSeconds(10)); // the call hangs until its timeout, five TTLs
        groups.releaseDescribes();
        groups.failDescribe = null;

        assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(FleetException.class);
        assertThatThrownBy(() -> waiter.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(FleetException.class)
                .hasMessageContaining("ApiCallTimeoutException");
        clock.advance(TTL.minusMillis(1));
        assertThatThrownBy(() -> fleet.describe(List.of("thumbnails-workers"))).isInstanceOf(FleetException.class);
        assertThat(groups.describes()).as("one call for everyone within the TTL after the failure").hasSize(1);
    }

    @Test
    void aCallerWaitingForAnothersDescribeStopsWaitingWhenInterrupted() throws Exception {
        groups.holdDescribes();
        threads.submit(() -> fleet.describe(List.of("thumbnails-workers")));
        groups.awaitDescribeStarted();
        Waiting waiting = waitingDescribe("pdf-render-workers");

        waiting.thread().interrupt();

        assertThatThrownBy(() -> waiting.result().get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(FleetException.class)
                .hasMessageContaining("the daemon is stopping");
        assertThat(groups.describes()).hasSize(1);
    }

    /** A caller of describe on a thread of its own, waiting for the describe in flight. */
    private record Waiting(Future<Map<String, GroupState>> result, Thread thread) {
    }

    /** Starts a describe of the group on another thread; returns once it waits for the describe in flight. */
    private Waiting waitingDescribe(String group) {
        AtomicReference<Thread> caller = new AtomicReference<>();
        Future<Map<String, GroupState>> result = threads.submit(() -> {
            caller.set(Thread.currentThread());
            return fleet.describe(List.of(group));
        });
        await().atMost(30, TimeUnit.SECONDS).until(() -> caller.get() != null
                && Set.of(Thread.State.BLOCKED, Thread.State.WAITING).contains(caller.get().getState()));
        return new Waiting(result, caller.get());
    }

    @Test
    void aWriteDuringADescribeKeepsThatGroupOutOfTheCache() throws Exception {
        fleet.describe(List.of("pdf-render-workers"));
        clock.advance(TTL);
        groups.holdDescribes();
        CompletableFuture<Map<String, GroupState>> stale =
                CompletableFuture.supplyAsync(() -> fleet.describe(List.of("thumbnails-workers")), threads);
        groups.awaitDescribeStarted();

        fleet.setDesiredCapacity("thumbnails-workers", 9);
        groups.releaseDescribes();
        stale.get(30, TimeUnit.SECONDS);

        assertThat(fleet.describe(List.of("thumbnails-workers")).get("thumbnails-workers").desiredCapacity()).isEqualTo(9);
        assertThat(fleet.describe(List.of("pdf-render-workers"))).containsOnlyKeys("pdf-render-workers");
        assertThat(groups.describes()).hasSize(3);
    }

    @ParameterizedTest(name = "a TTL of {0} is refused")
    @ValueSource(strings = {"PT0S", "PT-1S", "PT61S"})
    void refusesATtlOutsideZeroToOneMinute(String ttl) {
        assertThatThrownBy(() -> new CachingFleet(groups, clock, Duration.parse(ttl)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most one minute");
    }
}
