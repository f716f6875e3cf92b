package io.queueautoscaler.api.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** Bearer tokens: admins read history and policies, workers hold protection leases. */
public class AuthConfiguration {

    @NotNull
    @JsonProperty
    private List<String> adminTokens = List.of();

    @NotNull
    @JsonProperty
    private List<String> workerTokens = List.of();

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
