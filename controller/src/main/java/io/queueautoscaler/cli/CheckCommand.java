package io.queueautoscaler.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.policy.yaml.PolicyLoadException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code check [--connect] CONFIG}: refuses what {@code server} would refuse (the configuration's
 * own validation, the policies, the token rules), and with {@code --connect} also asks the
 * database and AWS, every policy's group and queues included (see {@link ConnectionChecks}), so a
 * pre-deploy step fails before a rollout does.
 */
public final class CheckCommand extends ConfiguredCommand<QueueAutoscalerConfiguration> {
    static final String CONNECT = "connect";

    private final PrintStream out;

    public CheckCommand() {
        this(System.out);
    }

    /** {@code out} gets the success line; refusals go to the Cli's standard error. */
    public CheckCommand(PrintStream out) {
        super("check", "Checks a configuration as 'server' would, and with --connect the database and AWS");
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--" + CONNECT)
                .action(Arguments.storeTrue())
                .help("also run a query on the database, resolve AWS credentials, describe every policy's group "
                        + "and read its queues once");
    }

    @Override
    protected void run(Bootstrap<QueueAutoscalerConfiguration> bootstrap, Namespace namespace,
                       QueueAutoscalerConfiguration config) throws PolicyLoadException {
        List<String> problems = new ArrayList<>(StartupChecks.problems(config));
        boolean connect = Boolean.TRUE.equals(namespace.getBoolean(CONNECT));
        List<String> notes = List.of();
        if (connect && problems.isEmpty()) {
            ConnectionChecks.Findings found = ConnectionChecks.run(config, StartupChecks.policyDirectory(config).load(),
                    bootstrap.getMetricRegistry());
            problems.addAll(found.problems());
            notes = found.notes();
        }
        if (!problems.isEmpty()) {
            throw new StartRefusedException(problems);
        }
        String connected = config.getLocal() != null ? "; the database answers (the embedded default has no AWS)"
                : "; the database and AWS answer, and every policy's group and queues can be read";
        out.println("Configuration is OK" + (connect ? connected : ""));
        notes.forEach(note -> out.println("  note: " + note));
        out.flush();
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (!StartRefusedException.printed(cli, e)) {
            super.onError(cli, namespace, e);
        }
    }
}
