package io.queueautoscaler.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.queueautoscaler.testing.TestResources;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;

class AwsClientsTest {

    @RegisterExtension
    static final WireMockExtension AUTOSCALING = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @RegisterExtension
    static final WireMockExtension EVERYTHING_ELSE = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @ParameterizedTest(name = "local clients without an endpoint for {0} are refused")
    @ValueSource(strings = {"sqs", "autoscaling", "cloudwatch", "ec2"})
    void localClientsNeedAnEndpointForEveryServiceSoDummyCredentialsNeverReachAws(String service) {
        AwsConfiguration config = new AwsConfiguration();
        for (String other : new String[] {"sqs", "autoscaling", "cloudwatch", "ec2"}) {
            if (!other.equals(service)) {
                setEndpoint(config, other, URI.create("http://127.0.0.1:4566"));
            }
        }

        assertThatThrownBy(() -> AwsClients.forLocalEndpoints(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("local AWS clients need an endpoint for " + service
                        + ": set aws.endpointOverride or aws.endpoints." + service);
    }

    @Test
    void aServicesOwnEndpointWinsOverTheSharedOverride() {
        AUTOSCALING.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withBody(TestResources.text("aws/autoscaling/describe-auto-scaling-groups-empty.xml"))));
        AwsConfiguration config = new AwsConfiguration();
        config.setEndpointOverride(URI.create("http://127.0.0.1:" + EVERYTHING_ELSE.getPort()));
        config.getEndpoints().autoscaling = URI.create("http://127.0.0.1:" + AUTOSCALING.getPort());

        try (AwsClients clients = AwsClients.forLocalEndpoints(config)) {
            clients.autoScaling().describeAutoScalingGroups(request -> request.autoScalingGroupNames("workers"));
        }

        AUTOSCALING.verify(1, postRequestedFor(urlEqualTo("/")));
        assertThat(EVERYTHING_ELSE.getAllServeEvents()).isEmpty();
    }

    @Test
    void productionClientsRetryAThrottledCall() {
        AUTOSCALING.stubFor(post(urlEqualTo("/")).inScenario("throttled once")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withBody(TestResources.text("aws/autoscaling/error-throttling.xml")))
                .willSetStateTo("calm"));
        AUTOSCALING.stubFor(post(urlEqualTo("/")).inScenario("throttled once")
                .whenScenarioStateIs("calm")
                .willReturn(aResponse().withStatus(200)
                        .withBody(TestResources.text("aws/autoscaling/describe-auto-scaling-groups-empty.xml"))));
        AwsConfiguration config = new AwsConfiguration();
        config.setEndpointOverride(URI.create("http://127.0.0.1:" + AUTOSCALING.getPort()));

        withCredentialsInSystemProperties(() -> {
            try (AwsClients clients = AwsClients.fromDefaultChain(config)) {
                clients.autoScaling().describeAutoScalingGroups(request -> request.autoScalingGroupNames("workers"));
            }
        });

        AUTOSCALING.verify(2, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void localClientsDoNotRetrySoTestsSeeEveryError() {
        AUTOSCALING.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(400)
                .withBody(TestResources.text("aws/autoscaling/error-throttling.xml"))));

        try (AwsClients clients = AwsClients.forLocalEndpoint(URI.create("http://127.0.0.1:" + AUTOSCALING.getPort()))) {
            assertThatThrownBy(() -> clients.autoScaling()
                    .describeAutoScalingGroups(request -> request.autoScalingGroupNames("workers")))
                    .isInstanceOf(AutoScalingException.class);
        }

        AUTOSCALING.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    private static void setEndpoint(AwsConfiguration config, String service, URI endpoint) {
        switch (service) {
            case "sqs" -> config.getEndpoints().sqs = endpoint;
            case "autoscaling" -> config.getEndpoints().autoscaling = endpoint;
            case "cloudwatch" -> config.getEndpoints().cloudwatch = endpoint;
            case "ec2" -> config.getEndpoints().ec2 = endpoint;
            default -> throw new IllegalArgumentException(service);
        }
    }

    /** The default chain reads system properties first; they are put back as they were. */
    private static void withCredentialsInSystemProperties(Runnable call) {
        String key = System.getProperty("aws.accessKeyId");
        String secret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", "AKIDLOCALTEST");
        System.setProperty("aws.secretAccessKey", "local-test-secret");
        try {
            call.run();
        } finally {
            restore("aws.accessKeyId", key);
            restore("aws.secretAccessKey", secret);
        }
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
