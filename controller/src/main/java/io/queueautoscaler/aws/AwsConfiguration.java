package io.queueautoscaler.aws;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import io.dropwizard.util.Duration;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the AWS clients point: a region, and optionally an endpoint for every service
 * ({@code endpointOverride}) or per service ({@code endpoints}), e.g. an AWS-compatible server.
 * Credentials always come from the SDK's default chain.
 */
public class AwsConfiguration {
    private static final List<String> SERVICES = List.of("sqs", "autoscaling", "cloudwatch", "ec2");

    @NotBlank
    @JsonProperty
    private String region = "us-east-1";

    @JsonProperty
    private URI endpointOverride;

    @JsonProperty
    private Endpoints endpoints = new Endpoints();

    /**
     * One HTTP attempt, connect and read included. Well under the default 15 s evaluation
     * interval, so a hanging AWS API costs an evaluation a few seconds, not the next one too.
     */
    @JsonProperty
    private Duration apiCallAttemptTimeout = Duration.seconds(4);

    /** The whole call, retries and backoff included; also bounds how long a stop waits for AWS. */
    @JsonProperty
    private Duration apiCallTimeout = Duration.seconds(10);

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public Optional<URI> getEndpointOverride() {
        return present(endpointOverride);
    }

    public void setEndpointOverride(URI endpointOverride) {
        this.endpointOverride = endpointOverride;
    }

    public java.time.Duration getApiCallAttemptTimeout() {
        return apiCallAttemptTimeout.toJavaDuration();
    }

    public void setApiCallAttemptTimeout(java.time.Duration timeout) {
        this.apiCallAttemptTimeout = Duration.milliseconds(timeout.toMillis());
    }

    public java.time.Duration getApiCallTimeout() {
        return apiCallTimeout.toJavaDuration();
    }

    public void setApiCallTimeout(java.time.Duration timeout) {
        this.apiCallTimeout = Duration.milliseconds(timeout.toMillis());
    }

    public Endpoints getEndpoints() {
        return endpoints;
    }

    /** The endpoint for one service: its own if set, else the shared override, else the SDK's default. */
    public Optional<URI> endpointFor(String service) {
        URI own = switch (service) {
            case "sqs" -> endpoints.sqs;
            case "autoscaling" -> endpoints.autoscaling;
            case "cloudwatch" -> endpoints.cloudwatch;
            case "ec2" -> endpoints.ec2;
            default -> throw new IllegalArgumentException("unknown AWS service: " + service);
        };
        return present(own).or(this::getEndpointOverride);
    }

    /**
     * Endpoints the SDK cannot use: each must be an absolute http or https URL. One written as a
     * bare host (a VPC endpoint's DNS name, say) would fail every call of its service.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            endpointFor(service)
                    .filter(uri -> !"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())
                            || uri.getHost() == null)
                    .ifPresent(uri -> problems.add("the " + service + " endpoint '" + uri + "' (aws.endpoints." + service
                            + " or aws.endpointOverride) is not an http or https URL: write it as https://" + uri
                            .toString().replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "")));
        }
        return problems;
    }

    /** An endpoint left empty in the YAML (e.g. an unset ${VAR:-}) counts as not set. */
    private static Optional<URI> present(URI uri) {
        return Optional.ofNullable(uri).filter(u -> !u.toString().isBlank());
    }

    /** Per-service endpoints; each overrides {@code endpointOverride} for its service. */
    public static class Endpoints {
        @JsonProperty public URI sqs;
        @JsonProperty public URI autoscaling;
        @JsonProperty public URI cloudwatch;
        @JsonProperty public URI ec2;
    }
}
