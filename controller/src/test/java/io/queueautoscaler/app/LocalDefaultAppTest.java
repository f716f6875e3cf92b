package io.queueautoscaler.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.api.DecisionJson;
import io.queueautoscaler.api.PolicyJson;
import io.queueautoscaler.api.PolicyListJson;
import io.queueautoscaler.testing.DecisionPages;
import io.queueautoscaler.testing.LocalYml;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.client.ClientProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The embedded default as a newcomer runs it: config/local.yml and the shipped policies, with
 * free ports, an in-memory database and a shorter burst so a whole cycle fits in the test.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LocalDefaultAppTest {
    private static final String ADMIN = "local-admin-token";

    private static final DropwizardAppExtension<QueueAutoscalerConfiguration> APP = LocalYml.app(Map.of(
            "local.load[0].seconds", "20",
            "local.load[1].seconds", "200"));

    @Test
    void scalesOutWithinAMinuteAndBackInAfterTheBurst() {
        DecisionJson out = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> first("SCALE_OUT"), d -> d != null);
        assertThat(out.outcome()).isEqualTo("APPLIED");
        assertThat(out.desiredCapacity()).isGreaterThan(out.currentCapacity());
        assertThat(out.message()).startsWith("scale out " + out.currentCapacity() + " -> " + out.desiredCapacity());

        PolicyListJson policies = admin("/v1/policies").get(PolicyListJson.class);
        assertThat(policies.items()).extracting(PolicyJson::name)
                .containsExactly("reports-step", "thumbnails", "video-transcode");
        assertThat(policies.items()).allSatisfy(p -> {
            assertThat(p.status().capacity()).isNotNull();
            assertThat(p.status().lastDecision()).isNotNull();
        });
        assertThat(policies.loadErrors()).isEmpty();

        DecisionJson in = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2))
                .until(() -> decisions().stream()
                        .filter(d -> d.action().equals("SCALE_IN") && d.policy().equals(out.policy()) && d.id() > out.id())
                        .findFirst().orElse(null), d -> d != null);
        assertThat(in.outcome()).isEqualTo("APPLIED");
        assertThat(in.desiredCapacity()).isLessThan(in.currentCapacity());
    }

    private static DecisionJson first(String action) {
        return decisions().stream().filter(d -> d.action().equals(action)).reduce((a, b) -> b).orElse(null);
    }

    private static List<DecisionJson> decisions() {
        return DecisionPages.all(APP.client(), APP.getLocalPort(), ADMIN);
    }

    private static jakarta.ws.rs.client.Invocation.Builder admin(String path) {
        return APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + path)
                .property(ClientProperties.READ_TIMEOUT, DecisionPages.READ_TIMEOUT_MILLIS).request()
                .header("Authorization", "Bearer " + ADMIN);
    }
}
