package io.queueautoscaler.lease;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.fleet.AsgFleet;
import io.queueautoscaler.fleet.AsgInstanceGroups;
import io.queueautoscaler.fleet.CachingFleet;
import io.queueautoscaler.testing.PolicyBuilder;
import io.queueautoscaler.testing.QueryParameters;
import io.queueautoscaler.testing.TestResources;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leases through the whole path, from a worker's request to Auto Scaling's query protocol as AWS
 * answers it: how many {@code SetInstanceProtection} calls a crowd of workers costs.
 */
class LeasesOverAutoScalingTest {
    private static final String GROUP = "thumbnails-workers";
    private static final String WORKER_ADDRESS = "10.0.1.23";

    @RegisterExtension
    static final WireMockExtension AWS = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final List<String> instanceIds = IntStream.rangeClosed(1, 120)
            .mapToObj(i -> String.format("i-0c%015x", i)).toList();
    private AwsClients clients;
    private ProtectionLeases leases;

    @BeforeEach
    void connect() {
        clients = AwsClients.forLocalEndpoint(URI.create("http://127.0.0.1:" + AWS.getPort()));
        CachingFleet fleet = new CachingFleet(new AsgFleet(clients.autoScaling()), clock);
        leases = ProtectionLeases.restore(new InMemoryLeaseStore(), fleet, new AsgInstanceGroups(clients.autoScaling()),
                Optional.empty(), () -> List.of(PolicyBuilder.backlog("thumbnails", GROUP, 0, 200).build()),
                Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(3), clock, "node-a");
        AWS.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeAutoScalingGroups&"))
                .willReturn(xml(200, describeGroup(instanceIds))));
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    @Test
    void aBurstOfFourHundredAndEightyLeasesOn120InstancesCostsThreeProtectionCallsAndTheirRenewalsNone() {
        answerProtection(200, TestResources.text("aws/autoscaling/set-instance-protection.xml"));

        // 4 tasks per instance, each its own holder: 120 protection changes, at most one call per 50 of them
        takeOrRenewFourHoldersEach();
        leases.flusher().flush();

        List<QueryParameters> calls = sent("SetInstanceProtection");
        assertThat(calls).extracting(call -> call.list("InstanceIds.member").size()).containsExactly(50, 50, 20);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.get("AutoScalingGroupName")).isEqualTo(GROUP);
            assertThat(call.get("ProtectedFromScaleIn")).isEqualTo("true");
        });
        assertThat(calls.stream().flatMap(call -> call.list("InstanceIds.member").stream()).sorted().toList())
                .isEqualTo(instanceIds);
        assertThat(leases.keeper().live()).hasSize(120).allSatisfy(l -> {
            assertThat(l.protectedFromScaleIn()).isTrue();
            assertThat(l.holders()).hasSize(4);
        });
        int describes = sent("DescribeAutoScalingGroups").size();

        for (int round = 0; round < 3; round++) {
            clock.advance(Duration.ofSeconds(60)); // within the drift repair period: nothing describes again
            takeOrRenewFourHoldersEach();
            leases.flusher().flush();
        }

        assertThat(sent("SetInstanceProtection")).hasSize(3);
        assertThat(sent("DescribeAutoScalingGroups")).hasSize(describes);
        assertThat(leases.keeper().live()).hasSize(120);
    }

    @Test
    void releasingAllButOneHolderOfEachInstanceLiftsNothingAndTheLastReleasesLiftInThreeCalls() {
        answerProtection(200, TestResources.text("aws/autoscaling/set-instance-protection.xml"));
        takeOrRenewFourHoldersEach();
        leases.flusher().flush();

        instanceIds.forEach(id -> List.of("task-0", "task-1", "task-2")
                .forEach(holder -> leases.keeper().release(id, holder, WORKER_ADDRESS)));
        leases.flusher().flush();

        assertThat(sent("SetInstanceProtection")).as("only the 3 calls that protected").hasSize(3);

        instanceIds.forEach(id -> leases.keeper().release(id, "task-3", WORKER_ADDRESS));
        leases.flusher().flush();

        List<QueryParameters> lifts = sent("SetInstanceProtection").stream()
                .filter(call -> call.get("ProtectedFromScaleIn").equals("false")).toList();
        assertThat(lifts).extracting(call -> call.list("InstanceIds.member").size()).containsExactly(50, 50, 20);
    }

    private void takeOrRenewFourHoldersEach() {
        for (int task = 0; task < 4; task++) {
            String holder = "task-" + task;
            instanceIds.forEach(id -> leases.keeper().protect(id, holder, OptionalInt.of(300), WORKER_ADDRESS));
        }
    }

    @Test
    void aThrottledProtectionCallIsRetriedAndTheLeaseIsProtectedOnlyAfterAwsAcceptedIt() {
        AWS.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=SetInstanceProtection&"))
                .inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(xml(400, TestResources.text("aws/autoscaling/error-throttling.xml")))
                .willSetStateTo("recovered"));
        AWS.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=SetInstanceProtection&"))
                .inScenario("throttled").whenScenarioStateIs("recovered")
                .willReturn(xml(200, TestResources.text("aws/autoscaling/set-instance-protection.xml"))));
        String id = instanceIds.get(0);

        LeaseGrant taken = leases.keeper().protect(id, id, OptionalInt.empty(), WORKER_ADDRESS);
        leases.flusher().flush();

        assertThat(taken.protectedFromScaleIn()).isFalse();
        assertThat(leases.keeper().find(id).orElseThrow().protectedFromScaleIn()).isFalse();
        assertThat(sent("SetInstanceProtection")).hasSize(1);

        clock.advance(Duration.ofSeconds(2)); // past the first backoff
        leases.flusher().flush();

        assertThat(sent("SetInstanceProtection")).hasSize(2)
                .allSatisfy(call -> assertThat(call.list("InstanceIds.member")).containsExactly(id));
        assertThat(leases.keeper().find(id).orElseThrow().protectedFromScaleIn()).isTrue();
    }

    private static void answerProtection(int status, String body) {
        AWS.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=SetInstanceProtection&"))
                .willReturn(xml(status, body)));
    }

    private static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", "0f4e9b2d-7c61-4a3e-b8d5-1a2b3c4d5e6f").withBody(body);
    }

    private static List<QueryParameters> sent(String action) {
        return QueryParameters.sent(AWS, action);
    }

    /** DescribeAutoScalingGroups of one group with these InService, unprotected instances, as AWS writes it. */
    private static String describeGroup(List<String> ids) {
        String members = ids.stream().map(id -> """
                          <member>
                            <InstanceId>%s</InstanceId>
                            <InstanceType>c6i.large</InstanceType>
                            <AvailabilityZone>us-east-1a</AvailabilityZone>
                            <LifecycleState>InService</LifecycleState>
                            <HealthStatus>Healthy</HealthStatus>
                            <LaunchTemplate>
                              <LaunchTemplateId>lt-0a1b2c3d4e5f67890</LaunchTemplateId>
                              <LaunchTemplateName>thumbnails-worker</LaunchTemplateName>
                              <Version>7</Version>
                            </LaunchTemplate>
                            <ProtectedFromScaleIn>false</ProtectedFromScaleIn>
                          </member>
                """.formatted(id)).collect(Collectors.joining());
        return """
                <DescribeAutoScalingGroupsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
                  <DescribeAutoScalingGroupsResult>
                    <AutoScalingGroups>
                      <member>
                        <AutoScalingGroupARN>arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:5f7c1e22-8d3b-4b7e-9a51-2f0e6c9d4a13:autoScalingGroupName/thumbnails-workers</AutoScalingGroupARN>
                        <AutoScalingGroupName>thumbnails-workers</AutoScalingGroupName>
                        <MinSize>0</MinSize>
                        <MaxSize>200</MaxSize>
                        <DesiredCapacity>%d</DesiredCapacity>
                        <DefaultCooldown>300</DefaultCooldown>
                        <AvailabilityZones>
                          <member>us-east-1a</member>
                        </AvailabilityZones>
                        <HealthCheckType>EC2</HealthCheckType>
                        <HealthCheckGracePeriod>300</HealthCheckGracePeriod>
                        <Instances>
                %s        </Instances>
                      </member>
                    </AutoScalingGroups>
                  </DescribeAutoScalingGroupsResult>
                  <ResponseMetadata>
                    <RequestId>1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a</RequestId>
                  </ResponseMetadata>
                </DescribeAutoScalingGroupsResponse>
                """.formatted(ids.size(), members);
    }
}
