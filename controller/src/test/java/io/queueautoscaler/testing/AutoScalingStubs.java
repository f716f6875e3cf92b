package io.queueautoscaler.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit.Stubbing;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Auto Scaling's query protocol on a WireMock server: one action answered with a recorded body
 * from {@code aws/autoscaling/}. A later stub for the same action wins, so a test overrides the
 * answers of its setup by stubbing again.
 */
public final class AutoScalingStubs {
    private AutoScalingStubs() {
    }

    public static void answer(Stubbing server, String action, int status, String resource) {
        server.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=" + action + "&"))
                .willReturn(xml(status, resource)));
    }

    /**
     * A DescribeAutoScalingGroups answer with each named group at {@code desired} capacity and as
     * many instances in service (none if negative); instance IDs are distinct across groups.
     */
    public static String groups(int desired, String... names) {
        StringBuilder members = new StringBuilder();
        for (int g = 0; g < names.length; g++) {
            int group = g;
            String instances = IntStream.range(0, Math.max(0, desired)).mapToObj(i -> """
                    <member><InstanceId>i-0c%02x%013x</InstanceId><InstanceType>c6i.large</InstanceType>
                    <AvailabilityZone>us-east-1a</AvailabilityZone><LifecycleState>InService</LifecycleState>
                    <HealthStatus>Healthy</HealthStatus><ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>
                    """.formatted(group, i)).collect(Collectors.joining());
            members.append("""
                    <member><AutoScalingGroupName>%s</AutoScalingGroupName><MinSize>0</MinSize><MaxSize>40</MaxSize>
                    <DesiredCapacity>%d</DesiredCapacity><Instances>%s</Instances></member>
                    """.formatted(names[g], desired, instances));
        }
        return """
                <DescribeAutoScalingGroupsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
                <DescribeAutoScalingGroupsResult><AutoScalingGroups>%s</AutoScalingGroups></DescribeAutoScalingGroupsResult>
                <ResponseMetadata><RequestId>0f4e9b2d-7c61-4a3e-b8d5-1a2b3c4d5e6f</RequestId></ResponseMetadata>
                </DescribeAutoScalingGroupsResponse>""".formatted(members);
    }

    /** The ID {@link #groups} gives the {@code index}-th instance of the {@code group}-th group. */
    public static String instanceId(int group, int index) {
        return "i-0c%02x%013x".formatted(group, index);
    }

    public static ResponseDefinitionBuilder xml(int status, String resource) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", "0f4e9b2d-7c61-4a3e-b8d5-1a2b3c4d5e6f")
                .withBody(TestResources.text("aws/autoscaling/" + resource));
    }
}
