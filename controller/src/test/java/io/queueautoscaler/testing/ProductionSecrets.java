package io.queueautoscaler.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secrets config/aws.yml reads from the environment, given as system properties (the
 * configuration's substitutor reads both): the two tokens and AWS credentials that reach nothing
 * but a local endpoint. Cleared afterwards, so later tests in the JVM see their own defaults.
 */
public final class ProductionSecrets {
    private static final List<String> NAMES = List.of("QUEUE_AUTOSCALER_ADMIN_TOKEN", "QUEUE_AUTOSCALER_WORKER_TOKEN",
            "aws.accessKeyId", "aws.secretAccessKey");

    private ProductionSecrets() {
    }

    public static void set(String adminToken, String workerToken) {
        properties(adminToken, workerToken).forEach(System::setProperty);
    }

    /** The same secrets as {@code -D} properties, for a daemon in a JVM of its own. */
    public static Map<String, String> properties(String adminToken, String workerToken) {
        return Map.of("QUEUE_AUTOSCALER_ADMIN_TOKEN", adminToken, "QUEUE_AUTOSCALER_WORKER_TOKEN", workerToken,
                "aws.accessKeyId", "AKIDEXAMPLE", "aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    }

    /** The secrets as set now, by name, for a daemon started in its own process. */
    public static Map<String, String> current() {
        Map<String, String> secrets = new LinkedHashMap<>();
        NAMES.forEach(name -> secrets.put(name, System.getProperty(name)));
        return secrets;
    }

    public static void clear() {
        NAMES.forEach(System::clearProperty);
    }
}
