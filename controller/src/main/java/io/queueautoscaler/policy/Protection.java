package io.queueautoscaler.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Protection leases for the group's workers: default and longest lease, and the termination
 * lifecycle hook that holds a terminating instance until its leases end (absent: no drain).
 */
public record Protection(boolean enabled, int leaseSeconds, int maxLeaseSeconds, Optional<String> lifecycleHook) {
    public static final Protection DEFAULT = new Protection(true, 300, 86_400);
    /** Auto Scaling's rule for a lifecycle hook name. */
    public static final Pattern HOOK_NAME = Pattern.compile("[A-Za-z0-9\\-_/]{1,255}");

    public Protection {
        if (leaseSeconds < 1) {
            throw new IllegalArgumentException("leaseSeconds must be at least 1: " + leaseSeconds);
        }
        if (maxLeaseSeconds < leaseSeconds) {
            throw new IllegalArgumentException("maxLeaseSeconds " + maxLeaseSeconds + " is below leaseSeconds " + leaseSeconds);
        }
        Objects.requireNonNull(lifecycleHook, "lifecycleHook");
        lifecycleHook.filter(name -> !HOOK_NAME.matcher(name).matches()).ifPresent(name -> {
            throw new IllegalArgumentException("lifecycleHook '" + name + "' is not a lifecycle hook name: 1 to 255 "
                    + "letters, digits, '-', '_' or '/'");
        });
    }

    public Protection(boolean enabled, int leaseSeconds, int maxLeaseSeconds) {
        this(enabled, leaseSeconds, maxLeaseSeconds, Optional.empty());
    }
}
