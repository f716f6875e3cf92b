package io.queueautoscaler.cli;

import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.api.auth.TokenRules;
import io.queueautoscaler.local.LocalDefault;
import io.queueautoscaler.policy.yaml.PolicyDirectory;
import io.queueautoscaler.policy.yaml.PolicyLoadException;
import io.queueautoscaler.policy.yaml.PolicyProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code server} refuses to start with, in one place, so that {@code check} refuses
 * exactly the same configurations: the policies (directory and every file), the token rules
 * when the daemon drives real infrastructure, and the embedded default's presence in this jar.
 */
public final class StartupChecks {
    private StartupChecks() {
    }

    public static List<String> problems(QueueAutoscalerConfiguration config) {
        List<String> problems = new ArrayList<>();
        if (config.getLocal() == null) {
            problems.addAll(TokenRules.problems(config.getAuth()));
        } else if (!LocalDefault.isPackaged()) {
            problems.add("this configuration runs the embedded demo (its 'local:' section), which the production jar "
                    + "queue-autoscaler-server.jar leaves out: run controller/target/queue-autoscaler.jar for the demo");
        }
        try {
            new PolicyDirectory(Path.of(config.getPoliciesDirectory())).load();
        } catch (PolicyLoadException e) {
            e.problems().stream().map(PolicyProblem::toString).map(p -> "policies: " + p).forEach(problems::add);
        }
        return problems;
    }

    /** Stops the start with every problem at once. */
    public static void enforce(QueueAutoscalerConfiguration config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new StartRefusedException(problems);
        }
    }
}
