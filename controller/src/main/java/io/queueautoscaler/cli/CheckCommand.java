package io.queueautoscaler.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.queueautoscaler.QueueAutoscalerConfiguration;
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
 * database and AWS, so a pre-deploy step fails before a rollout does.
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
                .help("also run a query on the database and resolve AWS credentials with one describe call");
    }

    @Override
    protected void run(Bootstrap<QueueAutoscalerConfiguration> bootstrap, Namespace namespace,
                       QueueAutoscalerConfiguration config) {
        List<String> problems = new ArrayList<>(StartupChecks.problems(config));
        boolean connect = Boolean.TRUE.equals(namespace.getBoolean(CONNECT));
        if (connect && problems.isEmpty()) {
            problems.addAll(ConnectionChecks.problems(config, bootstrap.getMetricRegistry()));
        }
        if (!problems.isEmpty()) {
            throw new StartRefusedException(problems);
        }
        out.println("Configuration is OK" + (connect ? "; the database and AWS answer" : ""));
        out.flush();
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (!StartRefusedException.printed(cli, e)) {
            super.onError(cli, namespace, e);
        }
    }
}
