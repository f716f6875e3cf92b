package io.queueautoscaler.fleet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.testing.QueryParameters;
import io.queueautoscaler.testing.TestResources;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DescribeAutoScalingInstances as AWS answers it: the group of an instance outside the managed groups. */
class AsgInstanceGroupsTest {

    @RegisterExtension
    static final WireMockExtension AWS = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private AwsClients clients;
    private AsgInstanceGroups groups;

    @BeforeEach
    void connect() {
        clients = AwsClients.forLocalEndpoint(URI.create("http://127.0.0.1:" + AWS.getPort()));
        groups = new AsgInstanceGroups(clients.autoScaling());
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    private static void answer(int status, String resource) {
        AWS.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeAutoScalingInstances&"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                        .withBody(TestResources.text("aws/autoscaling/" + resource))));
    }

    @Test
    void namesTheGroupThatHoldsTheInstance() {
        answer(200, "describe-auto-scaling-instances.xml");

        assertThat(groups.groupOf("i-0b9f8e7d6c5b40021")).hasValue("batch-workers");

        QueryParameters sent = QueryParameters.parse(AWS.getAllServeEvents().get(0).getRequest().getBodyAsString());
        assertThat(sent.list("InstanceIds.member")).containsExactly("i-0b9f8e7d6c5b40021");
    }

    @Test
    void anInstanceNoGroupHoldsIsEmpty() {
        answer(200, "describe-auto-scaling-instances-empty.xml");

        assertThat(groups.groupOf("i-0b9f8e7d6c5b40099")).isEmpty();
    }

    @Test
    void aThrottledCallFailsWithTheCodeOfAws() {
        answer(400, "error-throttling.xml");

        assertThatThrownBy(() -> groups.groupOf("i-0b9f8e7d6c5b40021"))
                .isInstanceOf(FleetException.class)
                .hasMessageStartingWith("DescribeAutoScalingInstances of instance i-0b9f8e7d6c5b40021 failed: Throttling (HTTP 400)");
    }
}
