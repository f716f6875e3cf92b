package io.queueautoscaler.policy.yaml;

import io.queueautoscaler.policy.ScalingPolicy;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses policy YAML (one or more documents separated by {@code ---}) into validated policies.
 * It walks SnakeYAML's composed node tree rather than binding to objects, because the tree keeps
 * the line of every value: a rejected file gets every problem listed with its line and field.
 * Thread-safe: each call composes with its own SnakeYAML instance.
 */
public final class PolicyParser {

    /** The policies of a file, in document order. */
    public List<ScalingPolicy> parse(Path file) throws PolicyLoadException {
        Problems problems = new Problems(file.toString());
        List<LocatedPolicy> policies = read(file, problems);
        return accept(policies, problems.list());
    }

    /** The policies of a YAML text; {@code sourceName} names it in problems, e.g. its path. */
    public List<ScalingPolicy> parse(String sourceName, String yaml) throws PolicyLoadException {
        Problems problems = new Problems(sourceName);
        List<LocatedPolicy> policies = read(yaml, problems);
        return accept(policies, problems.list());
    }

    /** The valid policies of a file; every problem, including an unreadable file, goes to {@code problems}. */
    List<LocatedPolicy> read(Path file, Problems problems) {
        return text(file, problems).map(yaml -> read(yaml, problems)).orElse(List.of());
    }

    /** The text of a file, or empty with the reason in {@code problems}. */
    static Optional<String> text(Path file, Problems problems) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (CharacterCodingException e) {
            problems.add(0, "", "is not UTF-8 text");
        } catch (IOException e) {
            problems.add(0, "", "cannot be read: " + e);
        }
        return Optional.empty();
    }

    List<LocatedPolicy> read(String yaml, Problems problems) {
        PolicyReader reader = new PolicyReader(problems);
        List<LocatedPolicy> policies = new ArrayList<>();
        int documents = 0;
        try {
            for (Node document : yaml(new LoaderOptions()).composeAll(new StringReader(yaml))) {
                if (Scalars.isNull(document)) {
                    continue; // an empty document, e.g. after a trailing ---
                }
                documents++;
                reader.read(document).ifPresent(policies::add);
            }
        } catch (MarkedYAMLException e) {
            // SnakeYAML stops at the first syntax error: the documents before it are still checked.
            problems.add(e.getProblemMark().getLine() + 1, "", "malformed YAML: " + describe(e));
            return policies;
        } catch (YAMLException e) {
            problems.add(0, "", "malformed YAML: " + e.getMessage());
            return policies;
        }
        if (documents == 0) {
            problems.add(0, "", "holds no policy (the file is empty)");
        }
        return policies;
    }

    private static Yaml yaml(LoaderOptions options) {
        // Resolve << merge keys while composing, so a merged field reads like one written out.
        options.setMergeOnCompose(true);
        return new Yaml(options);
    }

    /** SnakeYAML's problem and context on one line, without its snippets of the source. */
    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        if (e.getContext() == null) {
            return problem;
        }
        String started = e.getContextMark() == null ? "" : " started on line " + (e.getContextMark().getLine() + 1);
        return problem + " (" + e.getContext() + started + ")";
    }

    /**
     * The policies, once checked against each other (unique names, one policy per group), or
     * every problem found, ordered by file and line.
     */
    static List<ScalingPolicy> accept(List<LocatedPolicy> policies, List<PolicyProblem> problems)
            throws PolicyLoadException {
        List<PolicyProblem> all = new ArrayList<>(problems);
        all.addAll(PolicyConflicts.find(policies));
        if (!all.isEmpty()) {
            all.sort(Comparator.comparing(PolicyProblem::file).thenComparingInt(PolicyProblem::line));
            throw new PolicyLoadException(all);
        }
        return policies.stream().map(LocatedPolicy::policy).toList();
    }
}
