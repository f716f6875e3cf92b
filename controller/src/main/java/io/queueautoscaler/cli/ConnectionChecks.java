package io.queueautoscaler.cli;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.queueautoscaler.db.DatabaseTimeouts;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.aws.AwsError;
import io.queueautoscaler.fleet.AsgFleet;
import io.queueautoscaler.fleet.AsgLifecycleHooks;
import io.queueautoscaler.fleet.FleetException;
import io.queueautoscaler.fleet.GroupState;
import io.queueautoscaler.fleet.LifecycleHook;
import io.queueautoscaler.fleet.LifecycleHooks;
import io.queueautoscaler.metrics.CloudWatchQueueMetrics;
import io.queueautoscaler.metrics.MetricsUnavailableException;
import io.queueautoscaler.metrics.QueueMetrics;
import io.queueautoscaler.metrics.SqsQueueMetrics;
import io.queueautoscaler.policy.MetricsSpec;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code check --connect}: the database answers a query, AWS credentials resolve through the
 * SDK's default chain, and every policy's group and queues can be read the way the daemon reads
 * them: the groups described (each must exist in the region), the lifecycle hook a policy drains
 * with (it must exist on the group and hold terminations), and each policy's queues read through
 * its metrics source. A policy that fails here would fail every evaluation and hold its
 * capacity. What would not stop the daemon but still deserves a look comes back as a note: a
 * group whose own MinSize and MaxSize are narrower than the policy's bounds (AWS keeps the group
 * within its own), and a queue CloudWatch has no recent datapoint of (SQS publishes metrics only
 * for queues active in the last six hours: a queue not used yet has none).
 * The embedded default has neither a remote database nor AWS: only its database is tried.
 */
final class ConnectionChecks {
    /** What {@code check --connect} found: problems fail it, notes are printed with its verdict. */
    record Findings(List<String> problems, List<String> notes) {
    }

    private ConnectionChecks() {
    }

    static Findings run(QueueAutoscalerConfiguration config, List<ScalingPolicy> policies, MetricRegistry metrics) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        database(config, metrics).ifPresent(problems::add);
        if (config.getLocal() == null) {
            aws(config, policies, problems, notes);
        }
        return new Findings(List.copyOf(problems), List.copyOf(notes));
    }

    private static Optional<String> database(QueueAutoscalerConfiguration config, MetricRegistry metrics) {
        DatabaseTimeouts.applyTo(config.getDatabase());
        ManagedDataSource dataSource = config.getDatabase().build(metrics, "check");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(config.getDatabase().getValidationQuery().orElse("SELECT 1"));
            return Optional.empty();
        } catch (SQLException | RuntimeException e) {
            return Optional.of("database " + config.getDatabase().getUrl() + " does not answer: " + oneLine(e));
        } finally {
            try {
                dataSource.stop();
            } catch (Exception e) {
                // the check's verdict is already made; a pool that fails to close changes nothing
            }
        }
    }

    private static void aws(QueueAutoscalerConfiguration config, List<ScalingPolicy> policies, List<String> problems,
                            List<String> notes) {
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
            credentials.resolveCredentials();
        } catch (SdkException e) {
            // The SDK's own message lists every provider's reason in one long line: the operator needs the gist.
            problems.add("AWS credentials do not resolve: no provider of the SDK's default chain has any "
                    + "(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, a web identity token as IRSA gives, "
                    + "an ECS task role or an EC2 instance role)");
            return;
        }
        String region = config.getAws().getRegion();
        try {
            readAll(config, policies, region, problems, notes);
        } catch (RuntimeException e) {
            // Anything the checks below do not expect still ends the check with one line, not a stack trace.
            problems.add("AWS in " + region + ": " + oneLine(e));
        }
    }

    private static void readAll(QueueAutoscalerConfiguration config, List<ScalingPolicy> policies, String region,
                                List<String> problems, List<String> notes) {
        try (AwsClients clients = AwsClients.fromDefaultChain(config.getAws())) {
            Map<String, GroupState> groups;
            try {
                if (policies.isEmpty()) {
                    // No group to describe: one record of any proves the credentials, the region and the endpoint.
                    clients.autoScaling().describeAutoScalingGroups(r -> r.maxRecords(1));
                    return;
                }
                groups = new AsgFleet(clients.autoScaling())
                        .describe(policies.stream().map(ScalingPolicy::autoScalingGroupName).toList());
            } catch (FleetException e) {
                problems.add("Auto Scaling in " + region + ": " + e.getMessage());
                return;
            } catch (SdkException e) {
                problems.add("Auto Scaling in " + region + ": DescribeAutoScalingGroups failed: " + AwsError.of(e));
                return;
            }
            Map<MetricsSpec.Source, QueueMetrics> sources = Map.of(
                    MetricsSpec.Source.sqs, new SqsQueueMetrics(clients.sqs()),
                    MetricsSpec.Source.cloudwatch, new CloudWatchQueueMetrics(clients.cloudWatch(), Clock.systemUTC()));
            LifecycleHooks hooks = new AsgLifecycleHooks(clients.autoScaling());
            // A source that did not answer one policy is not asked again: each call would wait its timeout.
            Map<MetricsSpec.Source, Integer> skipped = new EnumMap<>(MetricsSpec.Source.class);
            for (ScalingPolicy policy : policies) {
                GroupState group = groups.get(policy.autoScalingGroupName());
                group(policy, group, region, problems, notes);
                if (group != null) {
                    policy.protection().lifecycleHook().ifPresent(name -> hook(policy, name, hooks, problems));
                }
                MetricsSpec.Source source = policy.metrics().source();
                if (skipped.containsKey(source)) {
                    skipped.merge(source, 1, Integer::sum);
                } else if (!queues(policy, sources.get(source), problems, notes)) {
                    skipped.put(source, 0);
                }
            }
            skipped.forEach((source, count) -> {
                if (count > 0) {
                    problems.add("the queues of " + count + " more " + (count == 1 ? "policy" : "policies") + " with "
                            + "metrics.source " + source + " were not read: the source did not answer the one above");
                }
            });
        }
    }

    private static void group(ScalingPolicy policy, GroupState group, String region, List<String> problems,
                              List<String> notes) {
        Target target = policy.target();
        if (group == null) {
            problems.add("policy " + policy.name() + ": Auto Scaling Group " + target.autoScalingGroupName()
                    + " does not exist in " + region + " (check target.autoScalingGroupName and aws.region)");
        } else if (group.minSize() > target.minCapacity() || group.maxSize() < target.maxCapacity()) {
            notes.add("policy " + policy.name() + ": group " + group.name() + " keeps itself within MinSize "
                    + group.minSize() + " and MaxSize " + group.maxSize() + ", narrower than the policy's "
                    + target.minCapacity() + " to " + target.maxCapacity() + "; align one with the other");
        }
    }

    /** The hook a policy drains with must exist on its group and hold terminations, or nothing is drained. */
    private static void hook(ScalingPolicy policy, String name, LifecycleHooks hooks, List<String> problems) {
        try {
            Optional<LifecycleHook> found = hooks.describe(policy.autoScalingGroupName(), name);
            if (found.filter(LifecycleHook::holdsTermination).isEmpty()) {
                problems.add("policy " + policy.name() + ": " + LifecycleHook.cannotDrain(policy.autoScalingGroupName(),
                        name, found));
            }
        } catch (FleetException e) {
            problems.add("policy " + policy.name() + ": " + e.getMessage());
        }
    }

    /**
     * A queue AWS refuses to read is a problem; one CloudWatch merely has no recent datapoint of is
     * a note. False when the source did not answer at all (a timeout, a refused connection).
     */
    private static boolean queues(ScalingPolicy policy, QueueMetrics source, List<String> problems, List<String> notes) {
        try {
            source.read(policy.queueUrls());
            return true;
        } catch (MetricsUnavailableException e) {
            (e.getCause() instanceof SdkException ? problems : notes).add("policy " + policy.name() + ": " + e.getMessage());
            return !(e.getCause() instanceof SdkClientException);
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
