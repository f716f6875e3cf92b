package io.queueautoscaler;

import io.dropwizard.configuration.UndefinedEnvironmentVariableException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringSubstitutor;

/**
 * Substitutes {@code ${NAME}} and {@code ${NAME:-default}} in configuration files from the
 * environment, then from system properties ({@code -DNAME=...}). A variable without a default
 * that is set nowhere stops the start with its name: a production secret such as an admin token
 * must never silently become the literal text "${QUEUE_AUTOSCALER_ADMIN_TOKEN}".
 */
final class ConfigVariables extends StringSubstitutor {
    private static final Pattern UNRESOLVED = Pattern.compile("Cannot resolve variable '([^']+)'");

    ConfigVariables() {
        super(name -> {
            String value = System.getenv(name);
            return value != null ? value : System.getProperty(name);
        });
        setEnableSubstitutionInVariables(false);
        setEnableUndefinedVariableException(true);
        setValueDelimiter(":-");
    }

    @Override
    public String replace(String source) {
        try {
            return super.replace(source);
        } catch (IllegalArgumentException e) {
            Matcher m = UNRESOLVED.matcher(String.valueOf(e.getMessage()));
            if (!m.find()) {
                throw e;
            }
            throw new UndefinedEnvironmentVariableException("The environment variable '" + m.group(1)
                    + "' is not defined: set it, or give a default in the configuration as ${" + m.group(1) + ":-value}");
        }
    }
}
