package io.queueautoscaler.testing;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.queueautoscaler.QueueAutoscalerApplication;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * config/local.yml as a new user runs it: the shipped policies, the embedded SQS and local fleet,
 * with a fresh in-memory database and free ports so tests can run side by side.
 */
public final class LocalYml {
    public static final String PATH = "../config/local.yml";

    private LocalYml() {
    }

    /** The daemon in this JVM on config/local.yml; {@code extra} settings come last, so they win over these. */
    public static DropwizardAppExtension<QueueAutoscalerConfiguration> app(ConfigOverride... extra) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("policiesDirectory", "../policies/"),
                ConfigOverride.config("database.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
                ConfigOverride.config("local.sqsPort", "0"),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0")));
        overrides.addAll(List.of(extra));
        return new DropwizardAppExtension<>(QueueAutoscalerApplication.class, PATH, overrides.toArray(ConfigOverride[]::new));
    }
}
