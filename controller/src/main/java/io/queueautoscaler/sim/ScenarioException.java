package io.queueautoscaler.sim;

/** A scenario or trace file cannot be used; the message names the file and what to fix. */
public class ScenarioException extends RuntimeException {
    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
