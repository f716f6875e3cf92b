package io.queueautoscaler.api.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.stream.Stream;

/**
 * Bearer tokens: admins read history and policies, workers hold protection leases. An empty entry
 * is an unset optional variable and counts for nothing: it lets a configuration name a second
 * token per role (the next or the previous one) that is only set while a rotation is under way.
 */
public class AuthConfiguration {
    private static final String EMPTY_OR_16 = "^$|(?s).{16,}";

    @NotNull
    @JsonProperty
    private List<@NotNull @Pattern(regexp = EMPTY_OR_16, message = "each token must be at least 16 characters") String>
            adminTokens = List.of();

    @NotNull
    @JsonProperty
    private List<@NotNull @Pattern(regexp = EMPTY_OR_16, message = "each token must be at least 16 characters") String>
            workerTokens = List.of();

    public static AuthConfiguration of(List<String> adminTokens, List<String> workerTokens) {
        AuthConfiguration config = new AuthConfiguration();
        config.adminTokens = List.copyOf(adminTokens);
        config.workerTokens = List.copyOf(workerTokens);
        return config;
    }

    @AssertTrue(message = "needs at least one admin token")
    public boolean isAdminTokenSet() {
        return adminTokens != null && adminTokens.stream().anyMatch(t -> t != null && !t.isBlank());
    }

    @AssertTrue(message = "needs at least one worker token")
    public boolean isWorkerTokenSet() {
        return workerTokens != null && workerTokens.stream().anyMatch(t -> t != null && !t.isBlank());
    }

    public List<String> getAdminTokens() {
        return adminTokens;
    }

    public List<String> getWorkerTokens() {
        return workerTokens;
    }

    /** Every token of either role, current and previous: what must never appear in a log. */
    public List<String> allTokens() {
        return Stream.concat(adminTokens.stream(), workerTokens.stream()).toList();
    }
}
