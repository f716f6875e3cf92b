package io.queueautoscaler.fleet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.testing.QueryParameters;
import io.queueautoscaler.testing.TestResources;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** EC2's query protocol (lists as InstanceId.1, XML with item lists) as AWS answers it. */
class Ec2InstanceAddressesTest {

    @RegisterExtension
    static final WireMockExtension AWS = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final String RUNNING = "i-0a1b2c3d4e5f60001";
    private static final Duration TTL = Duration.ofMinutes(10);

    private final VirtualClock clock = new VirtualClock(Instant.parse("2025-03-14T11:00:00Z"));
    private AwsClients clients;
    private Ec2InstanceAddresses addresses;

    @BeforeEach
    void connect() {
        clients = AwsClients.forLocalEndpoint(URI.create("http://127.0.0.1:" + AWS.getPort()));
        addresses = new Ec2InstanceAddresses(clients.ec2(), clock, TTL);
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    @Test
    void findsThePrivateIpOfARunningInstance() {
        answer(RUNNING, 200, "describe-instances.xml");

        assertThat(addresses.privateIp(RUNNING)).contains("10.0.1.23");

        QueryParameters sent = sent().get(0);
        assertThat(sent.action()).isEqualTo("DescribeInstances");
        assertThat(sent.list("InstanceId")).containsExactly(RUNNING);
    }

    @Test
    void asksEc2OnceWithinTheTtlAndAgainAfterIt() {
        answer(RUNNING, 200, "describe-instances.xml");

        addresses.privateIp(RUNNING);
        clock.advance(TTL.minusSeconds(1));
        assertThat(addresses.privateIp(RUNNING)).contains("10.0.1.23");
        assertThat(sent()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(addresses.privateIp(RUNNING)).contains("10.0.1.23");
        assertThat(sent()).hasSize(2);
    }

    @Test
    void aTerminatedInstanceHasNoAddress() {
        answer("i-0a1b2c3d4e5f60005", 200, "describe-instances-terminated.xml");

        assertThat(addresses.privateIp("i-0a1b2c3d4e5f60005")).isEmpty();
    }

    @Test
    void anUnknownInstanceHasNoAddressAndIsAskedAboutAgainSinceEc2MayNotKnowItYet() {
        answer("i-0fffffffffffffff0", 400, "error-instance-not-found.xml");

        assertThat(addresses.privateIp("i-0fffffffffffffff0")).isEmpty();
        assertThat(addresses.privateIp("i-0fffffffffffffff0")).isEmpty();
        assertThat(sent()).hasSize(2);
    }

    @Test
    void aThrottledLookupFailsWithTheCodeAndMessageOfAws() {
        answer(RUNNING, 503, "error-request-limit-exceeded.xml");

        assertThatThrownBy(() -> addresses.privateIp(RUNNING))
                .isInstanceOf(FleetException.class)
                .hasMessageStartingWith("DescribeInstances of instance " + RUNNING + " failed: "
                        + "RequestLimitExceeded (HTTP 503): Request limit exceeded.; AWS is throttling");
    }

    private static void answer(String instanceId, int status, String resource) {
        AWS.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeInstances&"))
                .withRequestBody(containing("InstanceId.1=" + instanceId))
                .willReturn(xml(status, resource)));
    }

    private static ResponseDefinitionBuilder xml(int status, String resource) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody(TestResources.text("aws/ec2/" + resource));
    }

    private static List<QueryParameters> sent() {
        return AWS.getAllServeEvents().stream()
                .map(event -> QueryParameters.parse(event.getRequest().getBodyAsString()))
                .toList();
    }
}
