package io.queueautoscaler.testing;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.queueautoscaler.QueueAutoscalerApplication;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * config/local.yml as a new user runs it: the shipped policies, the embedded SQS and local fleet,
 * with a fresh in-memory database and free ports so tests can run side by side.
 */
public final class LocalYml {
    public static final String PATH = "../config/local.yml";

    private LocalYml() {
    }

    /** The daemon in this JVM on config/local.yml as a new user runs it. */
    public static DropwizardAppExtension<QueueAutoscalerConfiguration> app() {
        return app(Map.of());
    }

    /**
     * The same with some configuration keys set otherwise. Each key is given once: two overrides of
     * one key would leave a system property behind for the tests that run next.
     */
    public static DropwizardAppExtension<QueueAutoscalerConfiguration> app(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("policiesDirectory", "../policies/");
        all.put("database.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        all.put("local.sqsPort", "0");
        all.put("server.applicationConnectors[0].port", "0");
        all.put("server.adminConnectors[0].port", "0");
        all.putAll(settings);
        return new DropwizardAppExtension<>(QueueAutoscalerApplication.class, PATH, all.entrySet().stream()
                .map(e -> ConfigOverride.config(e.getKey(), e.getValue())).toArray(ConfigOverride[]::new));
    }
}
