package io.queueautoscaler.cli;

import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.api.auth.TokenRules;
import io.queueautoscaler.local.LocalDefault;
import io.queueautoscaler.policy.yaml.PolicyDirectory;
import io.queueautoscaler.policy.yaml.PolicyLoadException;
import io.queueautoscaler.policy.yaml.PolicyProblem;
import io.dropwizard.core.server.AbstractServerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code server} refuses to start with, in one place, so that {@code check} refuses
 * exactly the same configurations: the policies (directory and every file), the token rules
 * when the daemon drives real infrastructure, the embedded default's presence in this jar, AWS
 * endpoints that are no URL, and a shutdown grace period that would not leave the rest of a stop
 * its time.
 */
public final class StartupChecks {
    /**
     * The most the requests in flight may take of a stop. A stop ends within 25 s (a Kubernetes pod
     * is killed 30 s after SIGTERM); after the requests, the running evaluations, the last
     * protection flush and the queued lease renewals need the rest. Dropwizard's own default is 30 s.
     */
    static final Duration MAX_SHUTDOWN_GRACE = Duration.ofSeconds(10);

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
        problems.addAll(config.getAws().problems());
        if (config.getServerFactory() instanceof AbstractServerFactory server
                && server.getShutdownGracePeriod().toMilliseconds() > MAX_SHUTDOWN_GRACE.toMillis()) {
            problems.add("server.shutdownGracePeriod is " + server.getShutdownGracePeriod() + ": a stop (SIGTERM) "
                    + "ends within 25 s and the requests in flight may take at most " + MAX_SHUTDOWN_GRACE.toSeconds()
                    + " s of it, or the last protection flush and the decisions in memory are cut short; set "
                    + "server.shutdownGracePeriod: 5s (as config/aws.yml does)");
        }
        try {
            policyDirectory(config).load();
        } catch (PolicyLoadException e) {
            e.problems().stream().map(PolicyProblem::toString).map(p -> "policies: " + p).forEach(problems::add);
        }
        return problems;
    }

    /** The policies directory as the configuration sets it: where, and whether it may be empty. */
    public static PolicyDirectory policyDirectory(QueueAutoscalerConfiguration config) {
        return new PolicyDirectory(Path.of(config.getPoliciesDirectory()), config.isAllowEmptyPolicies());
    }

    /** Stops the start with every problem at once. */
    public static void enforce(QueueAutoscalerConfiguration config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new StartRefusedException(problems);
        }
    }
}
