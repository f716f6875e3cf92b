package io.queueautoscaler.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.yaml.PolicyDirectory;
import io.queueautoscaler.policy.yaml.PolicyLoadException;
import io.queueautoscaler.policy.yaml.PolicyProblem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code validate-policies DIR}: loads a policy directory exactly as the daemon would at start-up
 * and lists every problem, one per line, so a CI step or a pre-deploy hook can gate on it.
 * Failure is signalled by throwing: Dropwizard's {@code Cli} then returns the error and
 * {@code Application.run} exits with status 1.
 */
public final class ValidatePoliciesCommand extends Command {

    static final String DIRECTORY = "directory";

    private final PrintStream out;

    public ValidatePoliciesCommand() {
        this(System.out);
    }

    /** {@code out} gets the success line; problems go to the Cli's standard error. */
    public ValidatePoliciesCommand(PrintStream out) {
        super("validate-policies", "Checks every policy file of a directory and lists all problems");
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument(DIRECTORY)
                .metavar("DIR")
                .help("directory of policy files (*.yml, *.yaml)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws PolicyLoadException {
        String directory = namespace.getString(DIRECTORY);
        PolicyDirectory policyDirectory = new PolicyDirectory(Path.of(directory));
        List<ScalingPolicy> policies = policyDirectory.load();
        policyDirectory.warnings().forEach(warning -> out.println("warning: " + warning));
        out.println(policies.size() + " policies valid in " + directory);
        out.flush();
    }

    /** Lists the problems, one per line, instead of Dropwizard's default stack trace. */
    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (!(e instanceof PolicyLoadException rejected)) {
            super.onError(cli, namespace, e);
            return;
        }
        for (PolicyProblem problem : rejected.problems()) {
            cli.getStdErr().println(problem);
        }
        int count = rejected.problems().size();
        cli.getStdErr().println((count == 1 ? "1 problem" : count + " problems") + " in " + namespace.getString(DIRECTORY));
        cli.getStdErr().flush();
    }
}
