package io.queueautoscaler.reconcile;

import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.recommend.PolicyMemory;
import java.util.Set;

/**
 * Where each policy's {@link PolicyMemory} lives between two evaluations: the stabilization
 * window, the scale events the rate limits count, the estimator's state. A memory belongs to the
 * spec it was learned under; a changed spec starts afresh.
 */
public interface PolicyMemories {

    /** What was learned under this very spec, or {@link PolicyMemory#EMPTY}. */
    PolicyMemory recall(ScalingPolicy policy);

    /** Keeps the memory the next evaluation of the policy starts from, whichever node makes it. */
    void keep(ScalingPolicy policy, PolicyMemory memory);

    /** Forgets every policy but the named ones, e.g. after a reload removed some. */
    void retain(Set<String> policyNames);
}
