package io.queueautoscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.yaml.PolicyParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the stack promises beyond what cfn-lint checks (.ci/run lints it): the daemon's role grants
 * deploy/iam-policy.json's statements and nothing more, the shipped policy parses, the example
 * group is managed and drained, only the workers reach the lease API and only the daemons the
 * database, and no secret is written in the template.
 */
class CloudFormationTemplateTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonNode template;
    private static JsonNode resources;

    @BeforeAll
    static void read() throws IOException {
        // Short-form intrinsics (!Ref, !Sub, !GetAtt) read as their plain arguments: enough for these checks.
        template = YAML.readTree(Path.of("../deploy/cloudformation/queue-autoscaler.yaml").toFile());
        resources = template.get("Resources");
    }

    @Test
    void theDaemonsRoleGrantsTheStatementsOfTheIamPolicyAndNothingElse() throws IOException {
        JsonNode reference = new ObjectMapper().readTree(Path.of("../deploy/iam-policy.json").toFile()).get("Statement");
        JsonNode granted = policy("DaemonRole", "queue-autoscaler").get("Statement");

        assertThat(actions(granted)).isEqualTo(union(actions(reference), Set.of(
                "autoscaling:DescribeLifecycleHooks", "autoscaling:RecordLifecycleActionHeartbeat",
                "autoscaling:CompleteLifecycleAction")));
        for (JsonNode statement : granted) {
            for (JsonNode action : statement.get("Action")) {
                JsonNode same = statementGranting(reference, action.asText());
                if (same == null) {
                    assertThat(action.asText()).as("a lifecycle call, not yet in iam-policy.json")
                            .startsWith("autoscaling:").contains("Lifecycle");
                    continue;
                }
                assertThat(statement.path("Condition")).as(action.asText()).isEqualTo(same.path("Condition"));
                assertThat(arnService(statement.get("Resource").asText())).as(action.asText())
                        .isEqualTo(arnService(same.get("Resource").asText()));
            }
        }
        assertThat(granted).filteredOn(s -> s.get("Action").toString().contains("LifecycleAction"))
                .allSatisfy(s -> assertThat(s.path("Condition").toString()).contains("managed"));
    }

    @Test
    void theExampleGroupIsManagedAndDrainedAndTheDaemonsAreNot() {
        JsonNode workers = properties("WorkerGroup");
        assertThat(workers.get("Tags")).anySatisfy(tag -> {
            assertThat(tag.get("Key").asText()).isEqualTo("queue-autoscaler");
            assertThat(tag.get("Value").asText()).isEqualTo("managed");
        });
        assertThat(workers.get("LifecycleHookSpecificationList")).singleElement().satisfies(hook ->
                assertThat(hook.get("LifecycleTransition").asText()).isEqualTo("autoscaling:EC2_INSTANCE_TERMINATING"));
        assertThat(workers.has("DesiredCapacity")).as("the daemon owns the worker group's desired capacity").isFalse();

        JsonNode daemons = properties("DaemonGroup");
        assertThat(daemons.get("DesiredCapacity").asText()).isEqualTo("2");
        assertThat(daemons.get("Tags").toString()).doesNotContain("managed");
    }

    @Test
    void theShippedPolicyParses() throws Exception {
        String policy = properties("WorkerPolicyParameter").get("Value").asText();
        Map<String, String> values = Map.of(
                "WorkerGroup", "queue-autoscaler-WorkerGroup-1ABC",
                "WorkerMaxCapacity", "10",
                "HighPriorityQueue", "https://sqs.us-east-1.amazonaws.com/123456789012/queue-autoscaler-HighPriorityQueue-1ABC",
                "LowPriorityQueue", "https://sqs.us-east-1.amazonaws.com/123456789012/queue-autoscaler-LowPriorityQueue-1ABC",
                "HighPriorityTargetWaitSeconds", "60",
                "LowPriorityTargetWaitSeconds", "900",
                "WorkerConcurrency", "4",
                "PolicyDryRun", "true");
        Matcher variable = Pattern.compile("\\$\\{([A-Za-z:.]+)}").matcher(policy);
        StringBuilder substituted = new StringBuilder();
        while (variable.find()) {
            assertThat(values).as("a value for ${%s}", variable.group(1)).containsKey(variable.group(1));
            assertThat(template.get("Parameters").has(variable.group(1)) || resources.has(variable.group(1)))
                    .as("${%s} names a parameter or a resource", variable.group(1)).isTrue();
            variable.appendReplacement(substituted, Matcher.quoteReplacement(values.get(variable.group(1))));
        }
        variable.appendTail(substituted);

        List<ScalingPolicy> parsed = new PolicyParser().parse("WorkerPolicyParameter", substituted.toString());

        assertThat(parsed).singleElement().satisfies(p -> {
            assertThat(p.queueUrls()).hasSize(2);
            assertThat(p.autoScalingGroupName()).isEqualTo("queue-autoscaler-WorkerGroup-1ABC");
        });
    }

    @Test
    void onlyTheWorkersReachTheLeaseApiAndOnlyTheDaemonsTheDatabase() {
        assertThat(sources("DatabaseSecurityGroup")).containsExactly("5432<-DaemonSecurityGroup");
        assertThat(sources("LoadBalancerSecurityGroup")).containsExactly("8080<-WorkerSecurityGroup");
        assertThat(sources("DaemonSecurityGroup")).containsExactlyInAnyOrder(
                "8080<-LoadBalancerSecurityGroup", "8080<-WorkerSecurityGroup", "8081<-LoadBalancerSecurityGroup");
        assertThat(properties("LoadBalancer").get("Scheme").asText()).isEqualTo("internal");
        assertThat(properties("Database").get("PubliclyAccessible").asBoolean()).isFalse();
        for (String optional : List.of("LoadBalancerOperatorIngress", "DaemonOperatorIngress")) {
            assertThat(resources.get(optional).get("Condition").asText()).isEqualTo("HasOperatorCidr");
        }
    }

    @Test
    void writesNoSecretIntoTheTemplate() {
        assertThat(properties("Database").get("MasterUserPassword").asText()).startsWith("{{resolve:secretsmanager:");
        for (String secret : List.of("AdminTokenSecret", "WorkerTokenSecret", "DatabaseSecret")) {
            JsonNode properties = properties(secret);
            assertThat(properties.has("SecretString")).as(secret).isFalse();
            assertThat(properties.get("GenerateSecretString").get("PasswordLength").asInt()).isGreaterThanOrEqualTo(32);
        }
    }

    private static JsonNode properties(String resource) {
        assertThat(resources.has(resource)).as("resource %s", resource).isTrue();
        return resources.get(resource).get("Properties");
    }

    private static JsonNode policy(String role, String name) {
        for (JsonNode policy : properties(role).get("Policies")) {
            if (policy.get("PolicyName").asText().equals(name)) {
                return policy.get("PolicyDocument");
            }
        }
        throw new AssertionError(role + " has no policy " + name);
    }

    private static Set<String> actions(JsonNode statements) {
        Set<String> actions = new TreeSet<>();
        statements.forEach(s -> s.get("Action").forEach(a -> actions.add(a.asText())));
        return actions;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static JsonNode statementGranting(JsonNode statements, String action) {
        for (JsonNode statement : statements) {
            for (JsonNode a : statement.get("Action")) {
                if (a.asText().equals(action)) {
                    return statement;
                }
            }
        }
        return null;
    }

    /** "*", or an ARN's service and resource type with the account and region left out. */
    private static String arnService(String arn) {
        if (arn.equals("*")) {
            return arn;
        }
        String[] parts = arn.replaceAll("\\$\\{AWS::[A-Za-z]+}", "*").split(":", 6);
        return parts[2] + ":" + (parts.length > 5 ? parts[5] : "");
    }

    private static List<String> sources(String group) {
        List<String> sources = new ArrayList<>();
        for (JsonNode rule : properties(group).path("SecurityGroupIngress")) {
            assertThat(rule.has("CidrIp")).as("%s opens no address range", group).isFalse();
            sources.add(rule.get("FromPort").asText() + "<-" + rule.get("SourceSecurityGroupId").asText());
        }
        return sources;
    }
}
