package io.queueautoscaler.policy.yaml;

import io.queueautoscaler.policy.ScalingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The policies of a directory: every {@code *.yml} and {@code *.yaml} file in it (not in its
 * subdirectories), read in name order so that "first defined" in a duplicate report is the same
 * on every machine. All or nothing: one bad file rejects the set, with every problem of every file.
 */
public final class PolicyDirectory {

    private final Path directory;
    private final PolicyParser parser = new PolicyParser();

    public PolicyDirectory(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    public Path path() {
        return directory;
    }

    public List<ScalingPolicy> load() throws PolicyLoadException {
        List<LocatedPolicy> policies = new ArrayList<>();
        List<PolicyProblem> problems = new ArrayList<>();
        for (Path file : files()) {
            Problems fileProblems = new Problems(file.toString());
            policies.addAll(parser.read(file, fileProblems));
            problems.addAll(fileProblems.list());
        }
        return PolicyParser.accept(policies, problems);
    }

    /** The policy files, sorted by name. */
    List<Path> files() throws PolicyLoadException {
        if (!Files.isDirectory(directory)) {
            String why = Files.exists(directory) ? "is not a directory" : "does not exist";
            throw new PolicyLoadException(List.of(new PolicyProblem(directory.toString(), 0, "",
                    why + "; give the directory that holds the policy files")));
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(PolicyDirectory::isPolicyFile).sorted().toList();
        } catch (IOException e) {
            throw new PolicyLoadException(List.of(new PolicyProblem(directory.toString(), 0, "", "cannot be listed: " + e)));
        }
    }

    /**
     * Hidden files are skipped: editors leave them behind, and a Kubernetes ConfigMap volume keeps
     * its real files under {@code ..data}, exposing them as symlinks (which are followed).
     */
    private static boolean isPolicyFile(Path path) {
        String name = path.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".yml") || name.endsWith(".yaml")) && Files.isRegularFile(path);
    }
}
