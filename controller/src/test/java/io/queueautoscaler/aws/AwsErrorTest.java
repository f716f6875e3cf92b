package io.queueautoscaler.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;

class AwsErrorTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("Auto Scaling's Rate exceeded is throttling",
                        service("Throttling", 400, "Rate exceeded"), true,
                        "Throttling (HTTP 400): Rate exceeded; AWS is throttling this account's calls; "
                                + "the SDK backed off and the next evaluation tries again"),
                Arguments.of("EC2's request limit is throttling though it comes as a 503",
                        service("RequestLimitExceeded", 503, "Request limit exceeded."), true,
                        "RequestLimitExceeded (HTTP 503): Request limit exceeded.; AWS is throttling this account's "
                                + "calls; the SDK backed off and the next evaluation tries again"),
                Arguments.of("a 5xx says AWS failed and a retry will come",
                        service("InternalFailure", 500, "We encountered an internal error."), false,
                        "InternalFailure (HTTP 500): We encountered an internal error.; "
                                + "AWS failed to answer; the next evaluation tries again"),
                Arguments.of("a denied call says to grant the permission",
                        service("AccessDenied", 403, "User is not authorized to perform: autoscaling:SetDesiredCapacity"),
                        false, "AccessDenied (HTTP 403): User is not authorized to perform: autoscaling:SetDesiredCapacity; "
                                + "give the daemon's role this permission (see deploy/ for the IAM policy)"),
                Arguments.of("a validation error speaks for itself",
                        service("ValidationError", 400, "AutoScalingGroup name not found - null"), false,
                        "ValidationError (HTTP 400): AutoScalingGroup name not found - null"),
                Arguments.of("no answer at all names the SDK's exception and says what to check",
                        SdkClientException.create("Unable to execute HTTP request: Connection refused"), false,
                        "SdkClientException: Unable to execute HTTP request: Connection refused; "
                                + "no answer from AWS: check the region, aws.endpoints and the network"),
                Arguments.of("no credentials says so in one line, not the SDK's 1.8 KB list of providers",
                        SdkClientException.create("Unable to load credentials from any of the providers in the chain "
                                + "AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), "
                                + "EnvironmentVariableCredentialsProvider(), ProfileCredentialsProvider(profileName=default)]) : "
                                + "[SystemPropertyCredentialsProvider(): Unable to load credentials from system settings. "
                                + "Access key must be specified either via environment variable (AWS_ACCESS_KEY_ID) or "
                                + "system property (aws.accessKeyId)., ProfileCredentialsProvider(profileName=default): "
                                + "Profile file contained no credentials for profile 'default': ProfileFile(sections=[])]"),
                        false, "SdkClientException: no AWS credentials: none of the SDK's default chain (environment "
                                + "variables, system properties, web identity token, profile, container, instance role) has "
                                + "any; give the daemon a role (instance profile, ECS task role, EKS service account) or "
                                + "AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"),
                Arguments.of("a message over several lines keeps its first",
                        SdkClientException.create("Unable to execute HTTP request: Read timed out\n\tat sun.nio.ch...\n"),
                        false, "SdkClientException: Unable to execute HTTP request: Read timed out; "
                                + "no answer from AWS: check the region, aws.endpoints and the network"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void describesAFailureWithItsCodeStatusMessageAndWhatToDo(String rule, SdkException failure, boolean throttled,
                                                             String text) {
        AwsError error = AwsError.of(failure);

        assertThat(error.throttled()).isEqualTo(throttled);
        assertThat(error).hasToString(text);
    }

    private static SdkException service(String code, int status, String message) {
        return AutoScalingException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .statusCode(status)
                .build();
    }
}
