package io.queueautoscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.queueautoscaler.policy.yaml.PolicyDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/ as the cluster would take it, for what API schemas cannot see (.ci/run checks
 * the schemas): selectors that select, ports and probes that name real container ports, secrets
 * referenced and never written, two replicas that roll without a gap, the policies ConfigMap
 * generated from files that parse, and overlay patches that land on a resource of the base.
 */
class KubernetesManifestsTest {
    private static final Path BASE = Path.of("../deploy/kubernetes/base");
    private static final Path OVERLAY = Path.of("../deploy/kubernetes/overlays/production");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, JsonNode> BY_KIND = new HashMap<>();

    @BeforeAll
    static void read() throws IOException {
        for (JsonNode file : YAML.readTree(BASE.resolve("kustomization.yaml").toFile()).get("resources")) {
            JsonNode resource = YAML.readTree(BASE.resolve(file.asText()).toFile());
            assertThat(BY_KIND.put(resource.get("kind").asText(), resource)).as("one %s", resource.get("kind")).isNull();
        }
        assertThat(BY_KIND).containsOnlyKeys("ServiceAccount", "Deployment", "Service", "PodDisruptionBudget",
                "NetworkPolicy");
    }

    @Test
    void twoReplicasRollWithoutAGapAndADisruptionBudgetKeepsOne() {
        JsonNode spec = BY_KIND.get("Deployment").get("spec");
        assertThat(spec.get("replicas").asInt()).isEqualTo(2);
        assertThat(spec.at("/strategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(spec.at("/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
        assertThat(spec.at("/strategy/rollingUpdate/maxSurge").asInt()).isEqualTo(1);
        assertThat(BY_KIND.get("PodDisruptionBudget").at("/spec/minAvailable").asInt()).isEqualTo(1);
    }

    @Test
    void everySelectorSelectsTheDaemonsPods() {
        Map<String, String> podLabels = strings(BY_KIND.get("Deployment").at("/spec/template/metadata/labels"));
        List<JsonNode> selectors = List.of(
                BY_KIND.get("Deployment").at("/spec/selector/matchLabels"),
                BY_KIND.get("Service").at("/spec/selector"),
                BY_KIND.get("PodDisruptionBudget").at("/spec/selector/matchLabels"),
                BY_KIND.get("NetworkPolicy").at("/spec/podSelector/matchLabels"));
        for (JsonNode selector : selectors) {
            assertThat(selector.isObject() && selector.size() > 0).as("a non-empty selector").isTrue();
            assertThat(podLabels).containsAllEntriesOf(strings(selector));
        }
    }

    @Test
    void servicePortsProbesAndScrapeAnnotationsNameRealContainerPorts() {
        JsonNode container = container();
        Map<String, Integer> ports = new HashMap<>();
        container.get("ports").forEach(p -> ports.put(p.get("name").asText(), p.get("containerPort").asInt()));
        assertThat(ports).containsEntry("http", 8080).containsEntry("admin", 8081);

        for (JsonNode port : BY_KIND.get("Service").at("/spec/ports")) {
            assertThat(ports).containsKey(port.get("targetPort").asText());
        }
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(container.at("/" + probe + "/httpGet/port").asText()).as(probe).isEqualTo("admin");
            assertThat(container.at("/" + probe + "/httpGet/path").asText())
                    .as("%s on /ping: a failing AWS dependency must not restart the daemon", probe).isEqualTo("/ping");
        }
        JsonNode annotations = BY_KIND.get("Deployment").at("/spec/template/metadata/annotations");
        assertThat(annotations.get("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.get("prometheus.io/port").asInt()).isEqualTo(ports.get("admin"));
        assertThat(annotations.get("prometheus.io/path").asText()).isEqualTo("/prometheus");
        assertThat(env(container)).containsEntry("QUEUE_AUTOSCALER_ADMIN_BIND_HOST", "0.0.0.0");
    }

    @Test
    void theNetworkPolicyLetsTheWorkersAndPrometheusIn() {
        List<Integer> admitted = new ArrayList<>();
        BY_KIND.get("NetworkPolicy").at("/spec/ingress").forEach(rule -> rule.get("ports")
                .forEach(p -> admitted.add(p.get("port").asInt())));
        assertThat(admitted).contains(8080, 8081);
        assertThat(BY_KIND.get("NetworkPolicy").at("/spec/policyTypes").toString()).contains("Ingress");
    }

    @Test
    void secretsAreReferencedNeverWritten() throws IOException {
        for (Path file : yamlFiles(Path.of("../deploy/kubernetes"))) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContainPattern("(?m)^kind:\\s*Secret\\s*$");
        }
        JsonNode container = container();
        for (JsonNode variable : container.get("env")) {
            String name = variable.get("name").asText();
            if (name.contains("TOKEN") || name.contains("PASSWORD") || name.contains("DATABASE")) {
                assertThat(variable.has("value")).as("%s is not written in the manifest", name).isFalse();
                assertThat(variable.at("/valueFrom/secretKeyRef/name").asText()).as(name).isEqualTo("queue-autoscaler");
            }
        }
        assertThat(env(container)).containsEntry("QUEUE_AUTOSCALER_REQUIRE_SOURCE_ADDRESS_MATCH", "true");
    }

    @Test
    void theServiceAccountIsTheDeploymentsAndCarriesAnIamRole() throws IOException {
        JsonNode account = BY_KIND.get("ServiceAccount");
        assertThat(BY_KIND.get("Deployment").at("/spec/template/spec/serviceAccountName").asText())
                .isEqualTo(account.at("/metadata/name").asText());
        JsonNode patched = YAML.readTree(OVERLAY.resolve("serviceaccount-role.yaml").toFile());
        assertThat(patched.at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText())
                .matches("arn:aws:iam::\\d{12}:role/.+");
    }

    @Test
    void runsNonRootOnAReadOnlyRootWithLimits() {
        JsonNode pod = BY_KIND.get("Deployment").at("/spec/template/spec");
        JsonNode container = container();
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(container.get("volumeMounts")).anySatisfy(m -> assertThat(m.get("mountPath").asText()).isEqualTo("/tmp"));
        for (String quantity : List.of("/requests/cpu", "/requests/memory", "/limits/cpu", "/limits/memory")) {
            assertThat(container.at("/resources" + quantity).asText()).as(quantity).isNotEmpty();
        }
    }

    @Test
    void thePoliciesConfigMapIsGeneratedFromFilesThatParse() throws Exception {
        JsonNode overlay = YAML.readTree(OVERLAY.resolve("kustomization.yaml").toFile());
        JsonNode generator = overlay.get("configMapGenerator").get(0);
        JsonNode volumes = BY_KIND.get("Deployment").at("/spec/template/spec/volumes");
        assertThat(volumes).anySatisfy(v -> assertThat(v.at("/configMap/name").asText()).isEqualTo(generator.get("name").asText()));
        assertThat(generator.get("files")).isNotEmpty().allSatisfy(f -> assertThat(f.asText()).startsWith("policies/"));
        assertThat(generator.get("files")).hasSize(yamlFiles(OVERLAY.resolve("policies")).size());
        assertThat(new PolicyDirectory(OVERLAY.resolve("policies")).load()).isNotEmpty();
    }

    @Test
    void everyOverlayPatchLandsOnAResourceOfTheBase() throws IOException {
        JsonNode overlay = YAML.readTree(OVERLAY.resolve("kustomization.yaml").toFile());
        assertThat(overlay.get("resources").toString()).contains("../../base");
        for (JsonNode patch : overlay.get("patches")) {
            JsonNode body = YAML.readTree(OVERLAY.resolve(patch.get("path").asText()).toFile());
            JsonNode target = BY_KIND.get(body.get("kind").asText());
            assertThat(target).as("the base has a %s", body.get("kind")).isNotNull();
            assertThat(body.get("apiVersion")).isEqualTo(target.get("apiVersion"));
            assertThat(body.at("/metadata/name")).isEqualTo(target.at("/metadata/name"));
        }
    }

    private static JsonNode container() {
        JsonNode containers = BY_KIND.get("Deployment").at("/spec/template/spec/containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> values = new HashMap<>();
        container.get("env").forEach(e -> {
            if (e.has("value")) {
                values.put(e.get("name").asText(), e.get("value").asText());
            }
        });
        return values;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static List<Path> yamlFiles(Path directory) throws IOException {
        try (var files = Files.walk(directory)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList();
        }
    }
}
