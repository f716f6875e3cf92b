package io.queueautoscaler.api.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Bearer tokens: admins read history and policies, workers hold protection leases. */
public class AuthConfiguration {

    @NotEmpty(message = "needs at least one admin token")
    @JsonProperty
    private List<@Size(min = 16, message = "each token must be at least 16 characters") String> adminTokens = List.of();

    @NotEmpty(message = "needs at least one worker token")
    @JsonProperty
    private List<@Size(min = 16, message = "each token must be at least 16 characters") String> workerTokens = List.of();

    public static AuthConfiguration of(List<String> adminTokens, List<String> workerTokens) {
        AuthConfiguration config = new AuthConfiguration();
        config.adminTokens = List.copyOf(adminTokens);
        config.workerTokens = List.copyOf(workerTokens);
        return config;
    }

    public List<String> getAdminTokens() {
        return adminTokens;
    }

    public List<String> getWorkerTokens() {
        return workerTokens;
    }
}
