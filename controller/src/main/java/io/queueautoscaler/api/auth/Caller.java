package io.queueautoscaler.api.auth;

import java.security.Principal;
import java.util.Objects;

/** An authenticated caller; the token itself is never kept or logged. */
public record Caller(Role role) implements Principal {
    public Caller {
        Objects.requireNonNull(role, "role");
    }

    @Override
    public String getName() {
        return role.name().toLowerCase(java.util.Locale.ROOT);
    }
}
