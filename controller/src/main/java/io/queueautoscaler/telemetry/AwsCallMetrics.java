package io.queueautoscaler.telemetry;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.queueautoscaler.aws.AwsError;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS call the daemon makes, once it is over (retries included), by service,
 * operation and outcome, and times it: {@code ok}, {@code throttled}, {@code 5xx}, {@code 4xx},
 * {@code timeout} (no answer within aws.apiCallAttemptTimeout or aws.apiCallTimeout) or
 * {@code error} (no answer at all: refused connection, unknown host, bad credentials chain).
 */
public final class AwsCallMetrics implements ExecutionInterceptor {
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("queue-autoscaler.started");

    private final Counter calls;
    private final Histogram duration;

    public AwsCallMetrics(PrometheusRegistry registry) {
        calls = Counter.builder().name("queue_autoscaler_aws_calls_total")
                .help("AWS API calls, by service, operation and outcome (ok, throttled, 5xx, 4xx, timeout, error)")
                .labelNames("service", "operation", "outcome").register(registry);
        duration = Histogram.builder().name("queue_autoscaler_aws_call_duration_seconds").unit(Unit.SECONDS)
                .help("How long AWS API calls took, retries included, by service and operation")
                .classicOnly().labelNames("service", "operation").register(registry);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes, "ok");
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes, outcome(context.exception()));
    }

    private void record(ExecutionAttributes attributes, String outcome) {
        String service = orUnknown(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)).toLowerCase(Locale.ROOT);
        String operation = orUnknown(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        calls.labelValues(service, operation, outcome).inc();
        Long started = attributes.getAttribute(STARTED);
        if (started != null) {
            duration.labelValues(service, operation).observe((System.nanoTime() - started) / 1e9);
        }
    }

    /** The outcome label of a failed call. */
    static String outcome(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException
                    || t instanceof HttpTimeoutException || t instanceof InterruptedIOException) {
                return "timeout";
            }
            if (t instanceof SdkServiceException service) {
                if (service.isThrottlingException() || AwsError.of(service).throttled()) {
                    return "throttled";
                }
                int status = service.statusCode();
                return status >= 500 ? "5xx" : status >= 400 ? "4xx" : "error";
            }
        }
        return "error";
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
