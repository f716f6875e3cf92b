package io.queueautoscaler.cli;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.queueautoscaler.db.DatabaseTimeouts;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.aws.AwsError;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code check --connect}: the database answers a query, AWS credentials resolve through the
 * SDK's default chain, and AWS accepts them for one cheap read the daemon's role is granted
 * (DescribeAutoScalingGroups, one record), which also proves the region and endpoints.
 * The embedded default has neither a remote database nor AWS: only its database is tried.
 */
final class ConnectionChecks {
    private ConnectionChecks() {
    }

    static List<String> problems(QueueAutoscalerConfiguration config, MetricRegistry metrics) {
        List<String> problems = new ArrayList<>();
        database(config, metrics).ifPresent(problems::add);
        if (config.getLocal() == null) {
            aws(config).ifPresent(problems::add);
        }
        return problems;
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

    private static Optional<String> aws(QueueAutoscalerConfiguration config) {
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
            credentials.resolveCredentials();
        } catch (SdkException e) {
            // The SDK's own message lists every provider's reason in one long line: the operator needs the gist.
            return Optional.of("AWS credentials do not resolve: no provider of the SDK's default chain has any "
                    + "(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, a web identity token as IRSA gives, "
                    + "an ECS task role or an EC2 instance role)");
        }
        try (AwsClients clients = AwsClients.fromDefaultChain(config.getAws())) {
            clients.autoScaling().describeAutoScalingGroups(r -> r.maxRecords(1));
            return Optional.empty();
        } catch (SdkException e) {
            return Optional.of("DescribeAutoScalingGroups in " + config.getAws().getRegion()
                    + " failed: " + AwsError.of(e));
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
