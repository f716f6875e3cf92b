package io.queueautoscaler.fleet;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.testing.AutoScalingStubs;
import io.queueautoscaler.testing.QueryParameters;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lifecycle hook calls in the Auto Scaling query protocol, as AWS answers them. */
class AsgLifecycleHooksTest {
    private static final LifecycleHook HOOK = new LifecycleHook("thumbnails-workers", "drain-workers",
            LifecycleHook.TERMINATING, Duration.ofSeconds(300), Duration.ofSeconds(600));

    @RegisterExtension
    static final WireMockExtension AWS = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private AwsClients clients;
    private AsgLifecycleHooks hooks;

    @BeforeEach
    void connect() {
        clients = AwsClients.forLocalEndpoint(URI.create("http://127.0.0.1:" + AWS.getPort()));
        hooks = new AsgLifecycleHooks(clients.autoScaling());
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    @Test
    void describesAHookWithItsTransitionAndTimeouts() {
        answer("DescribeLifecycleHooks", 200, "describe-lifecycle-hooks.xml");

        assertThat(hooks.describe("thumbnails-workers", "drain-workers")).hasValue(HOOK);

        QueryParameters sent = QueryParameters.sent(AWS, "DescribeLifecycleHooks").get(0);
        assertThat(sent.get("AutoScalingGroupName")).isEqualTo("thumbnails-workers");
        assertThat(sent.list("LifecycleHookNames.member")).containsExactly("drain-workers");
    }

    @Test
    void aHookWithoutGlobalTimeoutGetsAwsDefaultOfAHundredHeartbeatsAtMostTwoDays() {
        answer("DescribeLifecycleHooks", 200, "describe-lifecycle-hooks-launching.xml");

        LifecycleHook hook = hooks.describe("thumbnails-workers", "drain-workers").orElseThrow();

        assertThat(hook.holdsTermination()).isFalse();
        assertThat(hook.heartbeatTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(hook.globalTimeout()).isEqualTo(Duration.ofHours(48));
    }

    @Test
    void aGroupWithoutTheHookHasNone() {
        answer("DescribeLifecycleHooks", 200, "describe-lifecycle-hooks-empty.xml");

        assertThat(hooks.describe("thumbnails-workers", "drain-workers")).isEmpty();
    }

    @Test
    void aHeartbeatNamesTheGroupTheHookAndTheInstance() {
        answer("RecordLifecycleActionHeartbeat", 200, "record-lifecycle-action-heartbeat.xml");

        hooks.heartbeat(HOOK, "i-0a1b2c3d4e5f60002");

        QueryParameters sent = QueryParameters.sent(AWS, "RecordLifecycleActionHeartbeat").get(0);
        assertThat(sent.get("AutoScalingGroupName")).isEqualTo("thumbnails-workers");
        assertThat(sent.get("LifecycleHookName")).isEqualTo("drain-workers");
        assertThat(sent.get("InstanceId")).isEqualTo("i-0a1b2c3d4e5f60002");
    }

    @Test
    void completingContinuesTheTermination() {
        answer("CompleteLifecycleAction", 200, "complete-lifecycle-action.xml");

        hooks.complete(HOOK, "i-0a1b2c3d4e5f60002");

        QueryParameters sent = QueryParameters.sent(AWS, "CompleteLifecycleAction").get(0);
        assertThat(sent.get("AutoScalingGroupName")).isEqualTo("thumbnails-workers");
        assertThat(sent.get("LifecycleHookName")).isEqualTo("drain-workers");
        assertThat(sent.get("InstanceId")).isEqualTo("i-0a1b2c3d4e5f60002");
        assertThat(sent.get("LifecycleActionResult")).isEqualTo("CONTINUE");
    }

    @Test
    void anInstanceThatNoLongerWaitsIsToldApartFromAFailure() {
        answer("CompleteLifecycleAction", 400, "error-no-active-lifecycle-action.xml");
        answer("RecordLifecycleActionHeartbeat", 400, "error-throttling.xml");

        assertThatThrownBy(() -> hooks.complete(HOOK, "i-0a1b2c3d4e5f60002"))
                .isInstanceOf(NoLifecycleActionException.class)
                .hasMessageContaining("does not wait on the hook");
        assertThatThrownBy(() -> hooks.heartbeat(HOOK, "i-0a1b2c3d4e5f60002"))
                .isInstanceOf(FleetException.class)
                .isNotInstanceOf(NoLifecycleActionException.class)
                .hasMessageContaining("RecordLifecycleActionHeartbeat of instance i-0a1b2c3d4e5f60002")
                .hasMessageContaining("Throttling");
    }

    private static void answer(String action, int status, String resource) {
        AutoScalingStubs.answer(AWS, action, status, resource);
    }
}
