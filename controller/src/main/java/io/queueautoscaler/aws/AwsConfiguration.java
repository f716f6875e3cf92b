package io.queueautoscaler.aws;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.util.Optional;

/**
 * Where the AWS clients point: a region, and optionally an endpoint for every service
 * ({@code endpointOverride}) or per service ({@code endpoints}), e.g. an AWS-compatible server.
 * Credentials always come from the SDK's default chain.
 */
public class AwsConfiguration {

    @NotBlank
    @JsonProperty
    private String region = "us-east-1";

    @JsonProperty
    private URI endpointOverride;

    @JsonProperty
    private Endpoints endpoints = new Endpoints();

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
