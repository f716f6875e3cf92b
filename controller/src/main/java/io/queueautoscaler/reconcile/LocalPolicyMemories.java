package io.queueautoscaler.reconcile;

import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.recommend.PolicyMemory;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Memories in this process: one daemon alone, the simulator and the tests. */
public final class LocalPolicyMemories implements PolicyMemories {
    private final Map<String, Remembered> memories = new ConcurrentHashMap<>();

    private record Remembered(ScalingPolicy policy, PolicyMemory memory) {
    }

    @Override
    public PolicyMemory recall(ScalingPolicy policy) {
        Remembered remembered = memories.get(policy.name());
        return remembered != null && remembered.policy().equals(policy) ? remembered.memory() : PolicyMemory.EMPTY;
    }

    @Override
    public void keep(ScalingPolicy policy, PolicyMemory memory) {
        memories.put(policy.name(), new Remembered(policy, memory));
    }

    @Override
    public void retain(Set<String> policyNames) {
        memories.keySet().retainAll(policyNames);
    }
}
