package io.queueautoscaler.worker;

/**
 * The daemon refused a protection request, or could not be reached. {@link #status()} is the HTTP
 * status of the refusal (404 unknown instance, 409 a group no policy manages, 403 another
 * instance's lease, 503 an instance still booting or AWS unavailable, ...), or 0 when no answer
 * came back; the message is the daemon's own. {@link #definitive()} tells whether asking again
 * can help.
 */
public class ProtectionException extends RuntimeException {
    private final int status;

    public ProtectionException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public ProtectionException(int status, String message) {
        this(status, message, null);
    }

    public int status() {
        return status;
    }

    /** A refusal that asking again will not change: the lease cannot be had. */
    public boolean definitive() {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }
}
