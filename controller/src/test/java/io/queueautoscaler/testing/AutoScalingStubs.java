package io.queueautoscaler.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit.Stubbing;

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

    public static ResponseDefinitionBuilder xml(int status, String resource) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", "0f4e9b2d-7c61-4a3e-b8d5-1a2b3c4d5e6f")
                .withBody(TestResources.text("aws/autoscaling/" + resource));
    }
}
