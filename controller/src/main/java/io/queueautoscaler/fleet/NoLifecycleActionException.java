package io.queueautoscaler.fleet;

/**
 * The instance does not wait on the hook (any more): its wait was completed by someone else, timed
 * out, or the instance is gone. Nothing is left to hold or to let go.
 */
public final class NoLifecycleActionException extends FleetException {
    public NoLifecycleActionException(String message, Throwable cause) {
        super(message, cause);
    }
}
