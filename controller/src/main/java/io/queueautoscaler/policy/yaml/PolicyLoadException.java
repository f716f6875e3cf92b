package io.queueautoscaler.policy.yaml;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Policies were rejected. Carries every problem found, not only the first, so one run of
 * {@code validate-policies} (or one failed start) shows everything there is to fix.
 */
public final class PolicyLoadException extends Exception {

    private final List<PolicyProblem> problems;

    public PolicyLoadException(List<PolicyProblem> problems) {
        super(describe(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a PolicyLoadException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }

    private static String describe(List<PolicyProblem> problems) {
        return "policies rejected, " + count(problems.size()) + ":" + problems.stream()
                .map(problem -> "\n  " + problem)
                .collect(Collectors.joining());
    }

    private static String count(int problems) {
        return problems == 1 ? "1 problem" : problems + " problems";
    }
}
