package io.queueautoscaler.policy.yaml;

import io.queueautoscaler.policy.ScalingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies of a directory: every {@code *.yml} and {@code *.yaml} file in it (not in its
 * subdirectories), read in name order so that "first defined" in a duplicate report is the same
 * on every machine. All or nothing: one bad file rejects the set, with every problem of every file.
 * Warnings (a deprecated field) do not reject anything; each is logged once, not on every reload.
 */
public final class PolicyDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyDirectory.class);

    private final Path directory;
    private final PolicyParser parser = new PolicyParser();
    private volatile List<PolicyProblem> warnings = List.of();

    public PolicyDirectory(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    public Path path() {
        return directory;
    }

    public List<ScalingPolicy> load() throws PolicyLoadException {
        List<LocatedPolicy> policies = new ArrayList<>();
        List<PolicyProblem> problems = new ArrayList<>();
        List<PolicyProblem> found = new ArrayList<>();
        for (Path file : files()) {
            Problems fileProblems = new Problems(file.toString());
            policies.addAll(parser.read(file, fileProblems));
            problems.addAll(fileProblems.list());
            found.addAll(fileProblems.warnings());
        }
        Set<PolicyProblem> known = new LinkedHashSet<>(warnings);
        found.stream().filter(w -> !known.contains(w)).forEach(w -> LOG.warn("policy {}", w));
        warnings = List.copyOf(found);
        return PolicyParser.accept(policies, problems);
    }

    /** The warnings of the last load, in file order. */
    public List<PolicyProblem> warnings() {
        return warnings;
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
