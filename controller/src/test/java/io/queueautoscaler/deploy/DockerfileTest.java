package io.queueautoscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image's rules, read from the Dockerfile and .dockerignore (no Docker engine here to build
 * it): a non-root user, no demo policies baked in, the production jar, a health check, a
 * read-only-friendly /tmp, a dependency layer that survives the network, and a build context
 * without build output, local databases or git history.
 */
class DockerfileTest {
    private static final Path ROOT = Path.of("..");
    private static List<Instruction> finalStage;
    private static List<Instruction> buildStage;

    record Instruction(String keyword, String arguments) {
    }

    @BeforeAll
    static void read() throws IOException {
        List<List<Instruction>> stages = stages(Files.readString(ROOT.resolve("Dockerfile")));
        assertThat(stages).as("a build stage and a run stage").hasSize(2);
        buildStage = stages.get(0);
        finalStage = stages.get(1);
    }

    @Test
    void runsAsANonRootUser() {
        List<Instruction> users = of(finalStage, "USER");
        assertThat(users).as("the run stage sets a USER").isNotEmpty();
        String user = users.get(users.size() - 1).arguments().split(":")[0].trim();
        assertThat(user).isNotIn("root", "0");
        assertThat(finalStage.indexOf(users.get(users.size() - 1)))
                .as("USER comes after every RUN, so nothing after it runs as root")
                .isGreaterThan(finalStage.indexOf(last(of(finalStage, "RUN"))));
    }

    @Test
    void bakesNoPoliciesIntoTheDaemonsDirectory() {
        for (Instruction copy : of(finalStage, "COPY")) {
            List<String> parts = List.of(copy.arguments().split("\\s+"));
            String destination = parts.get(parts.size() - 1);
            boolean copiesPolicies = parts.subList(0, parts.size() - 1).stream().anyMatch(s -> s.startsWith("policies"));
            if (copiesPolicies) {
                assertThat(destination).as(copy.toString()).startsWith("/app/examples/").doesNotStartWith("/etc/");
            }
            assertThat(destination).as(copy + ": the policies directory is mounted, never baked in")
                    .doesNotStartWith("/etc/queue-autoscaler/policies");
        }
    }

    @Test
    void runsTheProductionJarWithoutTheEmbeddedDemo() {
        assertThat(of(finalStage, "COPY")).anySatisfy(copy ->
                assertThat(copy.arguments()).contains("controller/target/queue-autoscaler-server.jar"));
        assertThat(last(of(finalStage, "ENTRYPOINT")).arguments()).contains("queue-autoscaler-server.jar");
        assertThat(String.join(" ", of(finalStage, "COPY").stream().map(Instruction::arguments).toList()))
                .doesNotContain("target/queue-autoscaler.jar").doesNotContain("config/local.yml");
    }

    @Test
    void hasAHealthCheckOnTheAdminPortsPing() {
        assertThat(of(finalStage, "HEALTHCHECK")).hasSize(1);
        assertThat(of(finalStage, "HEALTHCHECK").get(0).arguments()).contains("CMD").contains("/ping");
    }

    @Test
    void givesTmpAVolumeSoTheRootFilesystemCanBeReadOnly() {
        assertThat(of(finalStage, "VOLUME")).anySatisfy(volume -> assertThat(volume.arguments()).contains("/tmp"));
    }

    @Test
    void warmsTheDependencyCacheWithEveryModulesPomAndToleratesAFailure() throws IOException {
        Instruction goOffline = of(buildStage, "RUN").stream().filter(run -> run.arguments().contains("dependency:go-offline"))
                .findFirst().orElseThrow(() -> new AssertionError("no dependency:go-offline step"));
        assertThat(goOffline.arguments()).endsWith("|| true");
        List<String> copiedBefore = buildStage.subList(0, buildStage.indexOf(goOffline)).stream()
                .filter(i -> i.keyword().equals("COPY")).map(Instruction::arguments).toList();
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> moduleNames = new ArrayList<>();
        while (modules.find()) {
            moduleNames.add(modules.group(1));
        }
        assertThat(moduleNames).isNotEmpty().allSatisfy(module -> assertThat(copiedBefore)
                .as("the reactor needs %s/pom.xml to resolve dependencies", module)
                .anySatisfy(copy -> assertThat(copy).startsWith(module + "/pom.xml")));
    }

    @Test
    void theBuildContextLeavesOutBuildOutputLocalDataAndGit() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.replaceAll("/+$", "")).toList();
        assertThat(ignored).as("target/ of every module").containsAnyOf("**/target", "*/target");
        assertThat(ignored).as("target/ at the root").containsAnyOf("target", "**/target");
        assertThat(ignored).contains("data", ".git");
        assertThat(ignored).as("no pattern re-includes what is left out").noneMatch(line -> line.startsWith("!"));
    }

    private static List<List<Instruction>> stages(String dockerfile) {
        List<List<Instruction>> stages = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.trim();
            if (logical.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            String[] parts = logical.toString().split("\\s+", 2);
            logical.setLength(0);
            Instruction instruction = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            if (instruction.keyword().equals("FROM")) {
                stages.add(new ArrayList<>());
            }
            stages.get(stages.size() - 1).add(instruction);
        }
        return stages;
    }

    private static List<Instruction> of(List<Instruction> stage, String keyword) {
        return stage.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    private static Instruction last(List<Instruction> instructions) {
        assertThat(instructions).isNotEmpty();
        return instructions.get(instructions.size() - 1);
    }
}
