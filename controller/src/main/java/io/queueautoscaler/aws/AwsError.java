package io.queueautoscaler.aws;

import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What an AWS call's failure says, free of SDK types, so that adapters can put it in their own
 * exceptions: the AWS error code (or the SDK's exception name when no answer came back), the HTTP
 * status (0 without an answer) and AWS's message.
 */
public record AwsError(String code, int httpStatus, String message) {

    private static final Set<String> THROTTLING_CODES = Set.of(
            "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled",
            "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
            "SlowDown", "PriorRequestNotComplete");

    /** How the SDK's message starts when no provider of the default chain has credentials (then it lists them all, 1-2 KB). */
    private static final String NO_CREDENTIALS = "Unable to load credentials from any of the providers in the chain";
    private static final String NO_CREDENTIALS_MESSAGE = "no AWS credentials: none of the SDK's default chain (environment variables, "
            + "system properties, web identity token, profile, container, instance role) has any; give the daemon "
            + "a role (instance profile, ECS task role, EKS service account) or AWS_PROFILE or AWS_ACCESS_KEY_ID/"
            + "AWS_SECRET_ACCESS_KEY";
    private static final int MAX_MESSAGE_CHARS = 300;

    public AwsError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static AwsError of(SdkException failure) {
        if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            var details = service.awsErrorDetails();
            return new AwsError(
                    orElse(details.errorCode(), "HTTP" + service.statusCode()),
                    service.statusCode(),
                    orElse(details.errorMessage(), ""));
        }
        String message = orElse(failure.getMessage(), "");
        if (message.startsWith(NO_CREDENTIALS)) {
            return new AwsError(failure.getClass().getSimpleName(), 0, NO_CREDENTIALS_MESSAGE);
        }
        return new AwsError(failure.getClass().getSimpleName(), 0, firstLine(message));
    }

    /** The SDK's own first line; what follows (each provider's reason, a cause's trace) runs to kilobytes. */
    private static String firstLine(String message) {
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() <= MAX_MESSAGE_CHARS ? line : line.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    public boolean throttled() {
        return THROTTLING_CODES.contains(code) || httpStatus == 429;
    }

    /** What the operator can do about it, for the failures that do not explain themselves. */
    public String hint() {
        if (throttled()) {
            return "AWS is throttling this account's calls; the SDK backed off and the next evaluation tries again";
        }
        if (httpStatus >= 500) {
            return "AWS failed to answer; the next evaluation tries again";
        }
        if (message.equals(NO_CREDENTIALS_MESSAGE)) {
            return ""; // says it already
        }
        if (httpStatus == 0) {
            return "no answer from AWS: check the region, aws.endpoints and the network";
        }
        if (code.contains("AccessDenied") || code.equals("UnauthorizedOperation")) {
            return "give the daemon's role this permission (see deploy/ for the IAM policy)";
        }
        return "";
    }

    /** {@code Throttling (HTTP 400): Rate exceeded}, followed by the hint when there is one. */
    @Override
    public String toString() {
        String status = httpStatus > 0 ? " (HTTP " + httpStatus + ")" : "";
        String text = code + status + (message.isEmpty() ? "" : ": " + message);
        String hint = hint();
        return hint.isEmpty() ? text : text + "; " + hint;
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
