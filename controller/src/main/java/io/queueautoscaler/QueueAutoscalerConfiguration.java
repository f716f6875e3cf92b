package io.queueautoscaler;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.queueautoscaler.api.auth.AuthConfiguration;
import io.queueautoscaler.aws.AwsConfiguration;
import io.queueautoscaler.health.HealthConfiguration;
import io.queueautoscaler.history.HistoryConfiguration;
import io.queueautoscaler.lease.ProtectionConfiguration;
import io.queueautoscaler.local.LocalConfiguration;
import io.queueautoscaler.schedule.SchedulerConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The daemon's Dropwizard configuration; docs/operations.md describes its keys. */
public class QueueAutoscalerConfiguration extends Configuration {

    @NotNull
    @JsonProperty
    private String policiesDirectory = "policies/";

    /** Whether a policies directory that defines no policy is accepted; by default it is an error. */
    @JsonProperty
    private boolean allowEmptyPolicies = false;

    /** How often the policies directory is re-read; a changed file is reloaded, a broken one reported. */
    @Min(1)
    @JsonProperty
    private int policyReloadSeconds = 10;

    @Valid
    @NotNull
    @JsonProperty
    private AwsConfiguration aws = new AwsConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private DataSourceFactory database = new DataSourceFactory();

    @Valid
    @NotNull
    @JsonProperty
    private AuthConfiguration auth = new AuthConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private ProtectionConfiguration protection = new ProtectionConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private HistoryConfiguration history = new HistoryConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private SchedulerConfiguration scheduler = new SchedulerConfiguration();

    /** When /healthcheck turns a policy unhealthy; {@code health} is Dropwizard's own key. */
    @Valid
    @NotNull
    @JsonProperty
    private HealthConfiguration policyHealth = new HealthConfiguration();

    /** The embedded default: in-process SQS server, local fleet and load generator. Absent in production. */
    @Valid
    @JsonProperty
    private LocalConfiguration local;

    public String getPoliciesDirectory() {
        return policiesDirectory;
    }

    public boolean isAllowEmptyPolicies() {
        return allowEmptyPolicies;
    }

    public int getPolicyReloadSeconds() {
        return policyReloadSeconds;
    }

    public AwsConfiguration getAws() {
        return aws;
    }

    public DataSourceFactory getDatabase() {
        return database;
    }

    public AuthConfiguration getAuth() {
        return auth;
    }

    public ProtectionConfiguration getProtection() {
        return protection;
    }

    public HistoryConfiguration getHistory() {
        return history;
    }

    public SchedulerConfiguration getScheduler() {
        return scheduler;
    }

    public HealthConfiguration getPolicyHealth() {
        return policyHealth;
    }

    public LocalConfiguration getLocal() {
        return local;
    }
}
