package io.queueautoscaler.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import net.sourceforge.argparse4j.inf.Namespace;

/** Dropwizard's {@code server}, printing a refused configuration as its message, not a stack trace. */
public final class RefusingServerCommand extends ServerCommand<QueueAutoscalerConfiguration> {
    public RefusingServerCommand(Application<QueueAutoscalerConfiguration> application) {
        super(application);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (!StartRefusedException.printed(cli, e)) {
            super.onError(cli, namespace, e);
        }
    }
}
