package io.queueautoscaler.drain;

/**
 * Where draining meets the leases: the drain marks an instance, then asks whether any holder's
 * lease on it is still live. Marking first is what makes the answer safe to act on: a lease taken
 * before the mark shows in the answer, and none can be taken after it.
 */
public interface DrainingLeases {

    /** From now on the instance takes no new lease (409, "draining"); live leases keep renewing. Idempotent. */
    void markDraining(String instanceId);

    /** Whether any holder's lease on the instance is live. */
    boolean hasLiveLeases(String instanceId);

    /** The instance left its group: forget that it drained. */
    void forgetDraining(String instanceId);
}
