package io.queueautoscaler.metrics;

/** Queue depth could not be read; the message names the queue and what went wrong. */
public class MetricsUnavailableException extends RuntimeException {
    public MetricsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public MetricsUnavailableException(String message) {
        super(message);
    }
}
