package io.queueautoscaler.cli;

import io.dropwizard.core.cli.Cli;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration cannot run. Its message is the whole story for the operator (one line per
 * problem), so the commands print it instead of a stack trace.
 */
public final class StartRefusedException extends RuntimeException {
    private final List<String> problems;

    public StartRefusedException(List<String> problems) {
        super(describe(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a StartRefusedException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    /** Prints a refusal as its message alone; false for any other failure, which keeps its trace. */
    public static boolean printed(Cli cli, Throwable e) {
        if (!(e instanceof StartRefusedException refused)) {
            return false;
        }
        cli.getStdErr().println(refused.getMessage());
        cli.getStdErr().flush();
        return true;
    }

    private static String describe(List<String> problems) {
        if (problems.size() == 1) {
            return "queue-autoscaler refuses this configuration: " + problems.get(0);
        }
        return "queue-autoscaler refuses this configuration, " + problems.size() + " problems:"
                + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining());
    }
}
