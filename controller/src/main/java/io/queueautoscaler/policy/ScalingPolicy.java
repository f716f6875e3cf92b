package io.queueautoscaler.policy;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One validated scaling policy: the worker group it sizes, the queues that feed it (in priority
 * order) and how it scales. Built only by the policy parser, which has already reported every
 * problem with file and line; the checks here guard the invariants the rest of the code relies on.
 */
public record ScalingPolicy(
        String name,
        Target target,
        List<QueueSpec> queues,
        Workers workers,
        Scaling scaling,
        Behavior behavior,
        MetricsSpec metrics,
        int evaluationIntervalSeconds,
        OnMetricFailure onMetricFailure,
        Protection protection,
        ScaleInMode scaleIn,
        boolean dryRun) {

    public static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public ScalingPolicy {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches() || name.length() > 63) {
            throw new IllegalArgumentException("name must match " + NAME + " and be at most 63 characters: " + name);
        }
        Objects.requireNonNull(target, "target");
        queues = List.copyOf(queues);
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one queue");
        }
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(behavior, "behavior");
        Objects.requireNonNull(metrics, "metrics");
        if (evaluationIntervalSeconds < 1) {
            throw new IllegalArgumentException("evaluationIntervalSeconds must be at least 1: " + evaluationIntervalSeconds);
        }
        Objects.requireNonNull(onMetricFailure, "onMetricFailure");
        Objects.requireNonNull(protection, "protection");
        Objects.requireNonNull(scaleIn, "scaleIn");
    }

    public String autoScalingGroupName() {
        return target.autoScalingGroupName();
    }

    public List<String> queueUrls() {
        return queues.stream().map(QueueSpec::url).toList();
    }
}
