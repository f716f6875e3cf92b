package io.queueautoscaler.fleet;

/** A fleet call failed; the message names the group or instance and what went wrong. */
public class FleetException extends RuntimeException {
    public FleetException(String message, Throwable cause) {
        super(message, cause);
    }

    public FleetException(String message) {
        super(message);
    }
}
