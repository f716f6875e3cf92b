package io.queueautoscaler.fleet;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.testing.AutoScalingStubs;
import io.queueautoscaler.testing.QueryParameters;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Auto Scaling query protocol as AWS answers it, with the parameters the fleet really sends. */
class AsgFleetTest {

    @RegisterExtension
    static final WireMockExtension AWS = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private AwsClients clients;
    private AsgFleet fleet;

    @BeforeEach
    void connect() {
        clients = AwsClients.forLocalEndpoint(URI.create("http://127.0.0.1:" + AWS.getPort()));
        fleet = new AsgFleet(clients.autoScaling());
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    @Test
    void describesAGroupWithItsBoundsAndEachInstancesLifecycleAndProtection() {
        answer("DescribeAutoScalingGroups", 200, "describe-auto-scaling-groups.xml");

        Map<String, GroupState> groups = fleet.describe(List.of("thumbnails-workers"));

        assertThat(groups).containsOnlyKeys("thumbnails-workers");
        GroupState group = groups.get("thumbnails-workers");
        assertThat(group).isEqualTo(new GroupState("thumbnails-workers", 0, 40, 5, List.of(
                new FleetInstance("i-0a1b2c3d4e5f60001", "InService", true),
                new FleetInstance("i-0a1b2c3d4e5f60002", "InService", false),
                new FleetInstance("i-0a1b2c3d4e5f60003", "Pending", false),
                new FleetInstance("i-0a1b2c3d4e5f60004", "Pending:Wait", false),
                new FleetInstance("i-0a1b2c3d4e5f60005", "Terminating", false))));
        assertThat(group.inService()).isEqualTo(2);
        assertThat(group.booting()).isEqualTo(2);

        QueryParameters sent = sent("DescribeAutoScalingGroups").get(0);
        assertThat(sent.get("Version")).isEqualTo("2011-01-01");
        assertThat(sent.list("AutoScalingGroupNames.member")).containsExactly("thumbnails-workers");
        assertThat(sent.get("MaxRecords")).isEqualTo("100");
    }

    @Test
    void followsNextTokenUntilTheLastPage() {
        AWS.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeAutoScalingGroups"))
                .withRequestBody(notContaining("NextToken"))
                .willReturn(xml(200, "describe-auto-scaling-groups-page-1.xml")));
        AWS.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeAutoScalingGroups"))
                .withRequestBody(containing("NextToken"))
                .willReturn(xml(200, "describe-auto-scaling-groups-page-2.xml")));

        Map<String, GroupState> groups = fleet.describe(List.of("video-transcode-workers", "pdf-render-workers"));

        assertThat(groups.get("video-transcode-workers").instances())
                .extracting(FleetInstance::instanceId).containsExactly("i-0b9f8e7d6c5b40011", "i-0b9f8e7d6c5b40012");
        assertThat(groups.get("pdf-render-workers")).isEqualTo(new GroupState("pdf-render-workers", 0, 10, 0, List.of()));
        List<QueryParameters> calls = sent("DescribeAutoScalingGroups");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).get("NextToken")).isEqualTo("H4sIAAAAAAAAAFXLQQqCQBSA4avEW7uJBFpGUA4xm2gR4UrGGFG");
        assertThat(calls.get(1).list("AutoScalingGroupNames.member"))
                .containsExactly("video-transcode-workers", "pdf-render-workers");
    }

    @Test
    void describesAHundredAndFiftyGroupsInOneCallOfAHundredAndOneOfFifty() {
        answer("DescribeAutoScalingGroups", 200, "describe-auto-scaling-groups-empty.xml");
        List<String> names = IntStream.rangeClosed(1, 150).mapToObj(i -> "workers-" + i).toList();

        assertThat(fleet.describe(names)).isEmpty();

        List<QueryParameters> calls = sent("DescribeAutoScalingGroups");
        assertThat(calls).extracting(call -> call.list("AutoScalingGroupNames.member").size()).containsExactly(100, 50);
        List<String> asked = new ArrayList<>();
        calls.forEach(call -> asked.addAll(call.list("AutoScalingGroupNames.member")));
        assertThat(asked).isEqualTo(names);
    }

    @Test
    void describingNoGroupsCallsNothingRatherThanDescribingTheWholeAccount() {
        assertThat(fleet.describe(List.of())).isEmpty();
        assertThat(AWS.getAllServeEvents()).isEmpty();
    }

    @Test
    void aThrottledDescribeFailsWithTheCodeAndMessageOfAws() {
        answer("DescribeAutoScalingGroups", 400, "error-throttling.xml");

        assertThatThrownBy(() -> fleet.describe(List.of("thumbnails-workers")))
                .isInstanceOf(FleetException.class)
                .hasMessageStartingWith("DescribeAutoScalingGroups of groups [thumbnails-workers] failed: "
                        + "Throttling (HTTP 400): Rate exceeded; AWS is throttling");
        assertThat(sent("DescribeAutoScalingGroups")).hasSize(1);
    }

    @Test
    void setsDesiredCapacityWithoutHonoringTheGroupsCooldown() {
        answer("SetDesiredCapacity", 200, "set-desired-capacity.xml");

        fleet.setDesiredCapacity("thumbnails-workers", 9);

        QueryParameters sent = sent("SetDesiredCapacity").get(0);
        assertThat(sent.get("AutoScalingGroupName")).isEqualTo("thumbnails-workers");
        assertThat(sent.get("DesiredCapacity")).isEqualTo("9");
        assertThat(sent.get("HonorCooldown")).isEqualTo("false");
    }

    @Test
    void aDesiredCapacityAboveMaxFailsWithTheValidationErrorOfAws() {
        answer("SetDesiredCapacity", 400, "error-validation.xml");

        assertThatThrownBy(() -> fleet.setDesiredCapacity("thumbnails-workers", 50))
                .isInstanceOf(FleetException.class)
                .hasMessage("SetDesiredCapacity of group thumbnails-workers to 50 failed: ValidationError (HTTP 400): "
                        + "New SetDesiredCapacity value 50 is above max value 40 for the AutoScalingGroup.");
    }

    @Test
    void protectsAHundredAndTwentyInstancesInCallsOfFiftyFiftyAndTwenty() {
        answer("SetInstanceProtection", 200, "set-instance-protection.xml");
        List<String> ids = instanceIds(120);

        fleet.setProtection("thumbnails-workers", ids, true);

        List<QueryParameters> calls = sent("SetInstanceProtection");
        assertThat(calls).extracting(call -> call.list("InstanceIds.member").size()).containsExactly(50, 50, 20);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.get("AutoScalingGroupName")).isEqualTo("thumbnails-workers");
            assertThat(call.get("ProtectedFromScaleIn")).isEqualTo("true");
        });
        List<String> changed = new ArrayList<>();
        calls.forEach(call -> changed.addAll(call.list("InstanceIds.member")));
        assertThat(changed).isEqualTo(ids);
    }

    @Test
    void liftsProtectionWithProtectedFromScaleInFalse() {
        answer("SetInstanceProtection", 200, "set-instance-protection.xml");

        fleet.setProtection("thumbnails-workers", List.of("i-0a1b2c3d4e5f60001"), false);

        QueryParameters sent = sent("SetInstanceProtection").get(0);
        assertThat(sent.list("InstanceIds.member")).containsExactly("i-0a1b2c3d4e5f60001");
        assertThat(sent.get("ProtectedFromScaleIn")).isEqualTo("false");
    }

    @Test
    void aProtectionCallThatFailsHalfwaySaysHowManyInstancesWereAlreadyChanged() {
        List<String> ids = instanceIds(80);
        AWS.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=SetInstanceProtection"))
                .withRequestBody(containing("InstanceIds.member.1=" + ids.get(0)))
                .willReturn(xml(200, "set-instance-protection.xml")));
        AWS.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=SetInstanceProtection"))
                .withRequestBody(containing("InstanceIds.member.1=" + ids.get(50)))
                .willReturn(xml(400, "error-throttling.xml")));

        assertThatThrownBy(() -> fleet.setProtection("thumbnails-workers", ids, true))
                .isInstanceOf(FleetException.class)
                .hasMessageContaining("in group thumbnails-workers (the first 50 of 80 instances were changed) failed: "
                        + "Throttling (HTTP 400): Rate exceeded");
    }

    @Test
    void terminatesAnInstanceAndLowersDesiredCapacity() {
        answer("TerminateInstanceInAutoScalingGroup", 200, "terminate-instance-in-auto-scaling-group.xml");

        fleet.terminateAndDecrement("i-0a1b2c3d4e5f60002");

        QueryParameters sent = sent("TerminateInstanceInAutoScalingGroup").get(0);
        assertThat(sent.get("InstanceId")).isEqualTo("i-0a1b2c3d4e5f60002");
        assertThat(sent.get("ShouldDecrementDesiredCapacity")).isEqualTo("true");
    }

    private static void answer(String action, int status, String resource) {
        AutoScalingStubs.answer(AWS, action, status, resource);
    }

    private static ResponseDefinitionBuilder xml(int status, String resource) {
        return AutoScalingStubs.xml(status, resource);
    }

    private static List<QueryParameters> sent(String action) {
        return QueryParameters.sent(AWS, action);
    }

    private static List<String> instanceIds(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> String.format("i-0c%015x", i)).toList();
    }
}
