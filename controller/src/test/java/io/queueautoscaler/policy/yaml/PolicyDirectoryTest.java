package io.queueautoscaler.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.queueautoscaler.policy.ScalingMode;
import io.queueautoscaler.policy.ScalingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyDirectoryTest {

    /** Surefire runs in the controller module; the shipped examples are beside it. */
    private static final Path SHIPPED = Path.of("../policies");

    @TempDir
    Path dir;

    @Test
    void loadsTheShippedExamplePolicies() throws PolicyLoadException {
        List<ScalingPolicy> policies = new PolicyDirectory(SHIPPED).load();

        assertThat(policies).extracting(ScalingPolicy::name)
                .containsExactly("reports-step", "thumbnails", "video-transcode");
        assertThat(policies).extracting(ScalingPolicy::autoScalingGroupName)
                .containsExactly("reports-workers", "thumbnails-workers", "video-workers");
        assertThat(policies).extracting(policy -> policy.scaling().mode())
                .containsExactly(ScalingMode.step, ScalingMode.latency, ScalingMode.latency);
        assertThat(policies).allSatisfy(policy -> {
            assertThat(policy.queueUrls()).allMatch(url -> url.startsWith("http://localhost:9324/000000000000/"));
            assertThat(policy.evaluationIntervalSeconds()).isEqualTo(5);
            assertThat(policy.workers().warmupSeconds()).isEqualTo(10);
            assertThat(policy.behavior().scaleDown().stabilizationWindowSeconds()).isEqualTo(30);
        });
        assertThat(policies.get(2).queueUrls()).extracting(url -> url.substring(url.lastIndexOf('/') + 1))
                .containsExactly("video-high", "video-low");
    }

    @Test
    void readsYmlAndYamlFilesInNameOrderAndSkipsEverythingElse() throws Exception {
        write("b.yaml", policy("bravo", "bravo-workers"));
        write("a.yml", policy("alpha", "alpha-workers") + "---\n" + policy("charlie", "charlie-workers"));
        write("notes.txt", "not a policy");
        write(".a.yml.swp", "editor leftovers");
        Files.createDirectory(dir.resolve("archive.yml"));
        Files.createDirectory(dir.resolve("old"));
        write("old/d.yml", policy("delta", "delta-workers"));

        List<ScalingPolicy> policies = new PolicyDirectory(dir).load();

        assertThat(policies).extracting(ScalingPolicy::name).containsExactly("alpha", "charlie", "bravo");
    }

    @Test
    void loadsADeprecatedHoldWithAWarningAtItsLine() throws Exception {
        write("a.yml", policy("alpha", "alpha-workers") + "  onMetricFailure: { hold: false, afterFailures: 2 }\n");
        PolicyDirectory directory = new PolicyDirectory(dir);

        List<ScalingPolicy> policies = directory.load();

        assertThat(policies).extracting(p -> p.onMetricFailure().afterFailures()).containsExactly(2);
        assertThat(directory.warnings()).extracting(PolicyProblem::toString).containsExactly(file("a.yml")
                + ":7 spec.onMetricFailure.hold: is deprecated and ignored: capacity is always held while queue depth"
                + " is unreadable; set fallbackCapacity to move to a number after afterFailures failures");
    }

    @Test
    void refusesADirectoryWithoutPoliciesLikeABrokenFile() throws Exception {
        Files.writeString(dir.resolve("README.md"), "no policies here");

        assertThatThrownBy(() -> new PolicyDirectory(dir).load())
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining(dir + " defines no policy")
                .hasMessageContaining("allowEmptyPolicies: true");
    }

    @Test
    void acceptsADirectoryWithoutPoliciesWhenTheConfigurationAllowsIt() throws PolicyLoadException {
        assertThat(new PolicyDirectory(dir, true).load()).isEmpty();
    }

    @Test
    void rejectsTheSameNameInTwoFilesPointingAtTheFirst() throws Exception {
        write("a.yml", policy("thumbnails", "thumbnails-workers"));
        write("b.yml", "# the same policy, copied\n" + policy("thumbnails", "thumbnails-v2-workers"));

        assertThat(problems()).containsExactly(
                file("b.yml") + ":3 metadata.name: duplicate policy name 'thumbnails': also defined in "
                        + file("a.yml") + ":2");
    }

    @Test
    void rejectsTwoPoliciesDrivingOneGroup() throws Exception {
        write("a.yml", policy("thumbnails", "media-workers"));
        write("b.yml", policy("previews", "media-workers"));

        assertThat(problems()).containsExactly(
                file("b.yml") + ":4 spec.target.autoScalingGroupName: group 'media-workers' is already sized by policy"
                        + " 'thumbnails' (" + file("a.yml") + ":4): two policies would fight over its desired capacity");
    }

    @Test
    void reportsTheProblemsOfEveryFileOrderedByFileAndLine() throws Exception {
        write("c.yml", policy("charlie", "charlie-workers").replace("maxCapacity: 10", "maxCapacity: -1"));
        write("a.yml", policy("alpha", "alpha-workers").replace("name: alpha", "name: Alpha")
                + "  dryRun: perhaps\n");
        write("b.yml", policy("bravo", "bravo-workers"));
        write("d.yml", "metadata: [unclosed\n");

        assertThat(problems()).containsExactly(
                file("a.yml") + ":2 metadata.name: 'Alpha' is not a valid name: use lowercase letters, digits and"
                        + " '-', starting and ending with a letter or digit, at most 63 characters",
                file("a.yml") + ":7 spec.dryRun: expected true or false, got a string ('perhaps')",
                file("c.yml") + ":4 spec.target.maxCapacity: -1 is below the minimum 0",
                file("d.yml") + ":2 malformed YAML: expected ',' or ']', but got <stream end>"
                        + " (while parsing a flow sequence started on line 1)");
    }

    @Test
    void rejectsAFileThatIsNotUtf8() throws Exception {
        Files.write(dir.resolve("latin1.yml"), new byte[] {'#', ' ', (byte) 0xE9, '\n'});

        assertThat(problems()).containsExactly(file("latin1.yml") + " is not UTF-8 text");
    }

    @Test
    void rejectsADirectoryThatDoesNotExist() {
        Path missing = dir.resolve("missing");

        PolicyLoadException rejected = catchThrowableOfType(PolicyLoadException.class,
                () -> new PolicyDirectory(missing).load());

        assertThat(rejected.problems()).extracting(PolicyProblem::toString)
                .containsExactly(missing + " does not exist; give the directory that holds the policy files");
    }

    private List<String> problems() {
        PolicyLoadException rejected = catchThrowableOfType(PolicyLoadException.class,
                () -> new PolicyDirectory(dir).load());
        return rejected.problems().stream().map(PolicyProblem::toString).toList();
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private static String policy(String name, String group) {
        return """
                metadata:
                  name: %s
                spec:
                  target: { autoScalingGroupName: %s, maxCapacity: 10 }
                  queues:
                    - url: https://sqs.us-east-1.amazonaws.com/123456789012/%s
                """.formatted(name, group, name);
    }
}
