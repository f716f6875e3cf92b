package io.queueautoscaler.policy.yaml;

import io.queueautoscaler.policy.ScalingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies of a directory: every {@code *.yml} and {@code *.yaml} file in it (not in its
 * subdirectories), read in name order so that "first defined" in a duplicate report is the same
 * on every machine. All or nothing: one bad file rejects the set, with every problem of every file.
 * Warnings (a deprecated field) do not reject anything; each is logged once, not on every reload.
 *
 * <p>A directory without a single policy is rejected like a broken file, unless the owner says
 * empty is intended ({@code allowEmptyPolicies}): an emptied ConfigMap or a deleted mount would
 * otherwise stop all scaling and refuse every lease while the health check stays green.
 */
public final class PolicyDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyDirectory.class);

    private final Path directory;
    private final boolean allowEmpty;
    private final PolicyParser parser = new PolicyParser();
    private volatile List<PolicyProblem> warnings = List.of();
    /**
     * Each file's text at the last load and what it parsed to: a reload (every few seconds) parses
     * only the files whose text changed. Parsing a thousand policy files took a third of an idle
     * daemon's CPU.
     */
    private final Map<Path, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(String text, List<LocatedPolicy> policies, List<PolicyProblem> problems,
                          List<PolicyProblem> warnings) {
    }

    /** A directory that must define at least one policy. */
    public PolicyDirectory(Path directory) {
        this(directory, false);
    }

    public PolicyDirectory(Path directory, boolean allowEmpty) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.allowEmpty = allowEmpty;
    }

    public Path path() {
        return directory;
    }

    public List<ScalingPolicy> load() throws PolicyLoadException {
        List<LocatedPolicy> policies = new ArrayList<>();
        List<PolicyProblem> problems = new ArrayList<>();
        List<PolicyProblem> found = new ArrayList<>();
        List<Path> files = files();
        for (Path file : files) {
            Parsed read = parse(file);
            policies.addAll(read.policies());
            problems.addAll(read.problems());
            found.addAll(read.warnings());
        }
        parsed.keySet().retainAll(files);
        Set<PolicyProblem> known = new LinkedHashSet<>(warnings);
        found.stream().filter(w -> !known.contains(w)).forEach(w -> LOG.warn("policy {}", w));
        warnings = List.copyOf(found);
        List<ScalingPolicy> accepted = PolicyParser.accept(policies, problems);
        if (accepted.isEmpty() && !allowEmpty) {
            throw new PolicyLoadException(List.of(new PolicyProblem(directory.toString(), 0, "",
                    "defines no policy (no *.yml or *.yaml file with a ScalingPolicy); an empty directory would "
                            + "stop all scaling and refuse every lease, so it is refused: add the policy files, or set "
                            + "allowEmptyPolicies: true in the daemon's configuration if no policy is intended")));
        }
        return accepted;
    }

    /** What the file holds: parsed again only when its text differs from the last load's. */
    private Parsed parse(Path file) {
        Problems fileProblems = new Problems(file.toString());
        Optional<String> text = PolicyParser.text(file, fileProblems);
        if (text.isEmpty()) {
            parsed.remove(file);
            return new Parsed("", List.of(), fileProblems.list(), fileProblems.warnings());
        }
        Parsed last = parsed.get(file);
        if (last != null && last.text().equals(text.get())) {
            return last;
        }
        List<LocatedPolicy> read = parser.read(text.get(), fileProblems);
        Parsed now = new Parsed(text.get(), List.copyOf(read), fileProblems.list(), fileProblems.warnings());
        parsed.put(file, now);
        return now;
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
