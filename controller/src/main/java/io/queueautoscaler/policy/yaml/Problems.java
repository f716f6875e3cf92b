package io.queueautoscaler.policy.yaml;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** The problems found so far in one source, in the order found, and the warnings: fields that still load but mean nothing. */
final class Problems {

    private final String source;
    private final List<PolicyProblem> found = new ArrayList<>();
    private final List<PolicyProblem> warnings = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    void add(Node at, String fieldPath, String message) {
        add(lineOf(at), fieldPath, message);
    }

    void add(int line, String fieldPath, String message) {
        found.add(new PolicyProblem(source, line, fieldPath, message));
    }

    /** Something that does not stop the policy loading, but that its author should change. */
    void warn(int line, String fieldPath, String message) {
        warnings.add(new PolicyProblem(source, line, fieldPath, message));
    }

    List<PolicyProblem> warnings() {
        return List.copyOf(warnings);
    }

    /** How many so far; a reader compares counts to learn whether its part added any. */
    int count() {
        return found.size();
    }

    List<PolicyProblem> list() {
        return List.copyOf(found);
    }

    /** SnakeYAML counts lines from 0; people and editors count from 1. */
    static int lineOf(Node node) {
        return node.getStartMark().getLine() + 1;
    }
}
