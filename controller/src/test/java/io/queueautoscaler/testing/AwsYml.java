package io.queueautoscaler.testing;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.queueautoscaler.QueueAutoscalerApplication;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * config/aws.yml as shipped, run on this machine: SQS at one endpoint, Auto Scaling, CloudWatch
 * and EC2 at another, the store a PostgreSQL database of {@link TestDatabases}, both ports free.
 * The secrets it reads come from {@link ProductionSecrets}.
 */
public final class AwsYml {
    public static final String PATH = "../config/aws.yml";

    private AwsYml() {
    }

    /** What a test tells config/aws.yml, as configuration keys; a test adds its own keys to the map. */
    public static Map<String, String> settings(Path policies, String sqsEndpoint, String awsEndpoint,
                                               PGSimpleDataSource database) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("policiesDirectory", policies.toString());
        settings.put("aws.endpoints.sqs", sqsEndpoint);
        settings.put("aws.endpoints.autoscaling", awsEndpoint);
        settings.put("aws.endpoints.cloudwatch", awsEndpoint);
        settings.put("aws.endpoints.ec2", awsEndpoint);
        settings.put("database.url", database.getUrl());
        settings.put("database.user", TestDatabases.POSTGRES_USER);
        settings.put("server.applicationConnectors[0].port", "0");
        settings.put("server.adminConnectors[0].port", "0");
        return settings;
    }

    /** The daemon in this JVM on config/aws.yml with these settings; the test calls before() and after(). */
    public static DropwizardAppExtension<QueueAutoscalerConfiguration> app(Map<String, String> settings) {
        return new DropwizardAppExtension<>(QueueAutoscalerApplication.class, PATH,
                settings.entrySet().stream().map(e -> ConfigOverride.config(e.getKey(), e.getValue()))
                        .toArray(ConfigOverride[]::new));
    }

    /** The same settings as system properties of a daemon in its own process ({@code dw.} keys, and the secrets). */
    public static Map<String, String> systemProperties(Map<String, String> settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        settings.forEach((k, v) -> properties.put("dw." + k, v));
        properties.putAll(ProductionSecrets.current());
        return properties;
    }
}
