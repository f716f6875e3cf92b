package io.queueautoscaler.policy.yaml;

import io.queueautoscaler.policy.ScalingPolicy;

/** A parsed policy and where its name and group were declared, for cross-policy checks. */
record LocatedPolicy(ScalingPolicy policy, String source, int nameLine, int groupLine) {
}
