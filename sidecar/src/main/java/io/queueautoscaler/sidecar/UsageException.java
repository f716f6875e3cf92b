package io.queueautoscaler.sidecar;

/** A command line or environment the sidecar cannot start with; the message names the flag or variable. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
