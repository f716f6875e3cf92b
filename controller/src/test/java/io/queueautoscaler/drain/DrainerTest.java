package io.queueautoscaler.drain;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.fleet.AsgFleet;
import io.queueautoscaler.fleet.AsgInstanceGroups;
import io.queueautoscaler.fleet.AsgLifecycleHooks;
import io.queueautoscaler.lease.InMemoryLeaseStore;
import io.queueautoscaler.lease.LeaseRefusedException;
import io.queueautoscaler.lease.Lease;
import io.queueautoscaler.lease.ProtectionLeases;
import io.queueautoscaler.policy.Protection;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.testing.AutoScalingStubs;
import io.queueautoscaler.testing.PolicyBuilder;
import io.queueautoscaler.testing.QueryParameters;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The drain against Auto Scaling's query protocol: group thumbnails-workers holds i-...0002 and
 * i-...0003 in Terminating:Wait behind hook drain-workers (heartbeat timeout 300 s, global timeout
 * 600 s); the leases are the daemon's own, in memory.
 */
class DrainerTest {
    private static final String GROUP = "thumbnails-workers";
    private static final String LEASED = "i-0a1b2c3d4e5f60002";
    private static final String IDLE = "i-0a1b2c3d4e5f60003";
    private static final Duration TICK = Duration.ofSeconds(10);
    private static final Duration MARGIN = Duration.ofSeconds(60);

    @RegisterExtension
    static final WireMockExtension AWS = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final String HOLDER = "task-1";
    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final ScalingPolicy policy = PolicyBuilder.backlog("thumbnails", GROUP, 0, 10)
            .protection(new Protection(true, 300, 86_400, Optional.of("drain-workers"))).build();
    private AwsClients clients;
    private ProtectionLeases leases;
    private Drainer drainer;

    @BeforeEach
    void connect() {
        clients = AwsClients.forLocalEndpoint(URI.create("http://127.0.0.1:" + AWS.getPort()));
        AsgFleet fleet = new AsgFleet(clients.autoScaling());
        leases = ProtectionLeases.restore(new InMemoryLeaseStore(), fleet, new AsgInstanceGroups(clients.autoScaling()),
                Optional.empty(), () -> List.of(policy), Duration.ofSeconds(1), Duration.ofMinutes(5),
                new SplittableRandom(1), clock, "node-a");
        drainer = new Drainer(() -> List.of(policy), fleet, new AsgLifecycleHooks(clients.autoScaling()),
                leases.leases(), clock, TICK, MARGIN);
        answer("DescribeAutoScalingGroups", 200, "describe-auto-scaling-groups-terminating-wait.xml");
        answer("DescribeLifecycleHooks", 200, "describe-lifecycle-hooks.xml");
        answer("RecordLifecycleActionHeartbeat", 200, "record-lifecycle-action-heartbeat.xml");
        answer("CompleteLifecycleAction", 200, "complete-lifecycle-action.xml");
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    @Test
    void anInstanceWithoutLiveLeaseIsLetGoAtOnce() {
        take(LEASED, 300);

        drainer.tick();

        assertThat(completed()).containsExactly(IDLE);
        assertThat(sent("CompleteLifecycleAction").get(0).get("LifecycleActionResult")).isEqualTo("CONTINUE");
    }

    @Test
    void aLeasedInstanceGetsHeartbeatsWhileItsLeaseIsLive() {
        take(LEASED, 3600);

        drainer.tick();
        assertThat(heartbeats()).containsExactly(LEASED);

        clock.advance(Duration.ofSeconds(90));
        drainer.tick();
        assertThat(heartbeats()).as("a third of the 300 s heartbeat timeout has not passed").containsExactly(LEASED);

        clock.advance(Duration.ofSeconds(10));
        drainer.tick();
        assertThat(heartbeats()).containsExactly(LEASED, LEASED);
        assertThat(completed()).containsExactly(IDLE);
        QueryParameters heartbeat = sent("RecordLifecycleActionHeartbeat").get(0);
        assertThat(heartbeat.get("AutoScalingGroupName")).isEqualTo(GROUP);
        assertThat(heartbeat.get("LifecycleHookName")).isEqualTo("drain-workers");
    }

    @Test
    void theWaitIsCompletedWhenTheLastLeaseIsReleased() {
        take(LEASED, 3600);
        drainer.tick();

        leases.keeper().release(LEASED, HOLDER, "10.0.1.23");
        clock.advance(TICK);
        drainer.tick();

        assertThat(completed()).containsExactly(IDLE, LEASED);
        assertThat(drainer.drains().get(LEASED).completedAt()).hasValue(clock.instant());
    }

    @Test
    void theWaitIsCompletedWhenTheLastLeaseExpires() {
        take(LEASED, 120);
        drainer.tick();

        clock.advance(Duration.ofSeconds(110));
        drainer.tick();
        assertThat(completed()).containsExactly(IDLE);

        clock.advance(TICK);
        drainer.tick();
        assertThat(completed()).containsExactly(IDLE, LEASED);
    }

    @Test
    void theWaitIsCompletedBeforeTheHooksGlobalTimeoutRunsOut() {
        take(LEASED, 86_400);

        for (int second = 0; second < 540; second += 10) {
            drainer.tick();
            clock.advance(TICK);
        }
        assertThat(completed()).as("up to a minute before the 600 s global timeout").containsExactly(IDLE);
        assertThat(heartbeats()).hasSize(6);

        drainer.tick();

        assertThat(completed()).containsExactly(IDLE, LEASED);
        assertThat(leases.leases().instance(LEASED)).as("the lease itself runs out on its own").isPresent();
    }

    @Test
    void aDrainingInstanceTakesNoNewLeaseAndSaysItDrains() {
        take(LEASED, 3600);
        drainer.tick();
        leases.flusher().flush(); // the lease answers say draining from the store's state as of the last flush

        assertThat(leases.leases().isDraining(LEASED)).isTrue();
        assertThat(leases.keeper().protect(LEASED, HOLDER, OptionalInt.of(3600), "10.0.1.23").instanceId())
                .as("the running work's lease still renews").isEqualTo(LEASED);
        leases.keeper().release(LEASED, HOLDER, "10.0.1.23");
        assertThatThrownBy(() -> leases.keeper().protect(LEASED, HOLDER, OptionalInt.of(300), "10.0.1.23"))
                .isInstanceOfSatisfying(LeaseRefusedException.class, e ->
                        assertThat(e.refusal()).isEqualTo(LeaseRefusedException.Refusal.CONFLICT))
                .hasMessageContaining("draining").hasMessageContaining(LEASED);
        assertThatThrownBy(() -> leases.keeper().protect(IDLE, HOLDER, OptionalInt.of(300), "10.0.1.23"))
                .hasMessageContaining("draining").hasMessageContaining(IDLE);
    }

    @Test
    void anInstanceNoLongerWaitingIsNotAskedAgain() {
        answer("CompleteLifecycleAction", 400, "error-no-active-lifecycle-action.xml");

        drainer.tick();
        clock.advance(TICK);
        drainer.tick();

        assertThat(completed()).containsExactlyInAnyOrder(LEASED, IDLE);
        assertThat(drainer.drains().values()).allSatisfy(d -> assertThat(d.completedAt()).isPresent());
    }

    @Test
    void aThrottledHeartbeatIsSentAgainAtTheNextTick() {
        answer("RecordLifecycleActionHeartbeat", 400, "error-throttling.xml");
        take(LEASED, 3600);

        drainer.tick();
        clock.advance(TICK);
        drainer.tick();

        assertThat(heartbeats()).containsExactly(LEASED, LEASED);
        assertThat(drainer.drains().get(LEASED).lastHeartbeat()).isEmpty();
    }

    @Test
    void aGroupWithoutTheHookIsLeftAlone() {
        answer("DescribeLifecycleHooks", 200, "describe-lifecycle-hooks-empty.xml");

        drainer.tick();

        assertThat(completed()).isEmpty();
        assertThat(heartbeats()).isEmpty();
        assertThat(leases.leases().isDraining(IDLE)).isFalse();
    }

    @Test
    void aPolicyWithoutHookDescribesNothing() {
        ScalingPolicy withoutHook = PolicyBuilder.backlog("thumbnails", GROUP, 0, 10).build();
        Drainer idle = new Drainer(() -> List.of(withoutHook), new AsgFleet(clients.autoScaling()),
                new AsgLifecycleHooks(clients.autoScaling()), leases.leases(), clock, TICK, MARGIN);

        idle.tick();

        assertThat(AWS.getAllServeEvents()).as("the stubs are there, nothing asked for them").isEmpty();
    }

    @Test
    void anInstanceThatLeftItsGroupIsForgotten() {
        drainer.tick();
        assertThat(drainer.drains()).containsOnlyKeys(LEASED, IDLE);

        answer("DescribeAutoScalingGroups", 200, "describe-auto-scaling-groups-terminated.xml");
        clock.advance(TICK);
        drainer.tick();

        assertThat(drainer.drains()).isEmpty();
        assertThat(leases.leases().isDraining(IDLE)).isFalse();
    }

    private void take(String instanceId, int seconds) {
        leases.leases().take(Lease.take(instanceId, HOLDER, GROUP, clock.instant(), Duration.ofSeconds(seconds), false));
    }

    private static List<String> heartbeats() {
        return sent("RecordLifecycleActionHeartbeat").stream().map(p -> p.get("InstanceId")).toList();
    }

    private static List<String> completed() {
        return sent("CompleteLifecycleAction").stream().map(p -> p.get("InstanceId")).toList();
    }

    private static List<QueryParameters> sent(String action) {
        return QueryParameters.sent(AWS, action);
    }

    private static void answer(String action, int status, String resource) {
        AutoScalingStubs.answer(AWS, action, status, resource);
    }
}
