package io.queueautoscaler.local;

/**
 * How a local worker keeps its instance from being scaled in while it works on a message.
 * The embedded default's workers hold a protection lease over the daemon's HTTP API.
 */
public interface WorkerLease {

    /** Protects the instance until the returned handle is closed. */
    Held hold(String instanceId);

    interface Held extends AutoCloseable {
        @Override
        void close();

        /** Whether the daemon reported the instance protected from scale-in when the hold began. */
        default boolean protectedFromScaleIn() {
            return false;
        }
    }
}
