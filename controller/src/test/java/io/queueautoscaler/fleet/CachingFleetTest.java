package io.queueautoscaler.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.queueautoscaler.sim.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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

    private final VirtualClock clock = VirtualClock.at("2025-03-14T11:00:00Z");
    private final RecordingFleet groups = new RecordingFleet()
            .group("thumbnails-workers", 3, "i-01", "i-02", "i-03")
            .group("pdf-render-workers", 1, "i-11");
    private final CachingFleet fleet = new CachingFleet(groups, clock, TTL);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        groups.release();
        threads.shutdownNow();
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
        groups.failWritesWith(new FleetException("SetInstanceProtection failed: Throttling (HTTP 400): Rate exceeded"));

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
    void aFailedDescribeCachesNothing() {
        groups.failDescribesWith(new FleetException("DescribeAutoScalingGroups failed: Throttling (HTTP 400): Rate exceeded"));
        assertThatThrownBy(() -> fleet.describe(List.of("thumbnails-workers"))).isInstanceOf(FleetException.class);
        groups.failDescribesWith(null);

        assertThat(fleet.describe(List.of("thumbnails-workers"))).containsOnlyKeys("thumbnails-workers");
        assertThat(groups.describes()).hasSize(2);
    }

    @Test
    void aCallerArrivingDuringADescribeWaitsForItInsteadOfCallingToo() throws Exception {
        groups.holdDescribes();
        Future<Map<String, GroupState>> first = threads.submit(() -> fleet.describe(List.of("thumbnails-workers")));
        groups.awaitDescribeStarted();
        AtomicReference<Thread> secondThread = new AtomicReference<>();
        Future<Map<String, GroupState>> second = threads.submit(() -> {
            secondThread.set(Thread.currentThread());
            return fleet.describe(List.of("thumbnails-workers"));
        });
        await().atMost(30, TimeUnit.SECONDS).until(() -> secondThread.get() != null
                && Set.of(Thread.State.BLOCKED, Thread.State.WAITING).contains(secondThread.get().getState()));

        groups.release();

        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(first.get(30, TimeUnit.SECONDS));
        assertThat(groups.describes()).hasSize(1);
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
        groups.release();
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

    /** Groups in memory that log each describe and can hold a describe until the test releases it. */
    private static final class RecordingFleet implements Fleet {
        private final Map<String, GroupState> groups = new LinkedHashMap<>();
        private final List<Set<String>> describes = new ArrayList<>();
        private volatile CountDownLatch started = new CountDownLatch(0);
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private volatile RuntimeException describeFailure;
        private volatile RuntimeException writeFailure;

        RecordingFleet group(String name, int desired, String... instanceIds) {
            List<FleetInstance> instances = new ArrayList<>();
            for (String id : instanceIds) {
                instances.add(new FleetInstance(id, "InService", false));
            }
            groups.put(name, new GroupState(name, 0, 10, desired, instances));
            return this;
        }

        void holdDescribes() {
            started = new CountDownLatch(1);
            gate = new CountDownLatch(1);
        }

        void awaitDescribeStarted() throws InterruptedException {
            assertThat(started.await(30, TimeUnit.SECONDS)).as("a describe started").isTrue();
        }

        void release() {
            gate.countDown();
        }

        void failDescribesWith(RuntimeException failure) {
            describeFailure = failure;
        }

        void failWritesWith(RuntimeException failure) {
            writeFailure = failure;
        }

        synchronized List<Set<String>> describes() {
            return List.copyOf(describes);
        }

        @Override
        public Map<String, GroupState> describe(Collection<String> groupNames) {
            Map<String, GroupState> snapshot;
            synchronized (this) {
                describes.add(Set.copyOf(groupNames));
                snapshot = new LinkedHashMap<>();
                for (String name : groupNames) {
                    if (groups.containsKey(name)) {
                        snapshot.put(name, groups.get(name));
                    }
                }
            }
            started.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (describeFailure != null) {
                throw describeFailure;
            }
            return snapshot;
        }

        @Override
        public synchronized void setDesiredCapacity(String groupName, int desiredCapacity) {
            failIfAsked();
            GroupState group = groups.get(groupName);
            groups.put(groupName, new GroupState(groupName, group.minSize(), group.maxSize(), desiredCapacity, group.instances()));
        }

        @Override
        public synchronized void setProtection(String groupName, List<String> instanceIds, boolean protectedFromScaleIn) {
            failIfAsked();
            GroupState group = groups.get(groupName);
            List<FleetInstance> instances = group.instances().stream()
                    .map(i -> instanceIds.contains(i.instanceId())
                            ? new FleetInstance(i.instanceId(), i.lifecycleState(), protectedFromScaleIn) : i)
                    .toList();
            groups.put(groupName, new GroupState(groupName, group.minSize(), group.maxSize(), group.desiredCapacity(), instances));
        }

        @Override
        public synchronized void terminateAndDecrement(String instanceId) {
            failIfAsked();
            groups.replaceAll((name, group) -> group.instances().stream().noneMatch(i -> i.instanceId().equals(instanceId))
                    ? group
                    : new GroupState(name, group.minSize(), group.maxSize(), group.desiredCapacity() - 1,
                            group.instances().stream().filter(i -> !i.instanceId().equals(instanceId)).toList()));
        }

        private void failIfAsked() {
            if (writeFailure != null) {
                throw writeFailure;
            }
        }
    }
}
