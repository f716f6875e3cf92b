package io.queueautoscaler.sidecar;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The instance's own ID from the EC2 instance metadata service, version 2: a session token first
 * (PUT), then the ID with that token. Instances that require IMDSv2 answer nothing else.
 */
public final class InstanceMetadata {
    /** The link-local address every EC2 instance reaches its metadata service at. */
    public static final URI EC2 = URI.create("http://169.254.169.254");
    /** Where tests point the sidecar at a fake metadata service; not part of the command line. */
    public static final String ENDPOINT_PROPERTY = "queueautoscaler.sidecar.metadataEndpoint";

    private static final String TOKEN_TTL_SECONDS = "60";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI endpoint;
    private final HttpClient http;

    public InstanceMetadata(URI endpoint) {
        this.endpoint = endpoint;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    /** The metadata service of this instance, unless a test points elsewhere. */
    public static InstanceMetadata ofThisInstance() {
        return new InstanceMetadata(URI.create(System.getProperty(ENDPOINT_PROPERTY, EC2.toString())));
    }

    /**
     * @throws UsageException when the service does not answer or answers something that is not an
     *                        instance ID, saying how to fix it (the hop limit, or {@code --instance-id})
     */
    public String instanceId() {
        String token = answer(HttpRequest.newBuilder(endpoint.resolve("/latest/api/token"))
                .timeout(TIMEOUT)
                .header("X-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL_SECONDS)
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build(), "the IMDSv2 session token");
        String id = answer(HttpRequest.newBuilder(endpoint.resolve("/latest/meta-data/instance-id"))
                .timeout(TIMEOUT)
                .header("X-aws-ec2-metadata-token", token)
                .GET()
                .build(), "the instance ID").trim();
        if (!SidecarOptions.isInstanceId(id)) {
            throw new UsageException("the instance metadata service at " + endpoint + " answered '" + id
                    + "', which is not an EC2 instance ID; pass --instance-id");
        }
        return id;
    }

    private String answer(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UsageException("cannot get " + what + " from the instance metadata service at " + endpoint + " (" + e
                    + "); in a container on a bridge network the instance needs a metadata hop limit of 2 "
                    + "(HttpPutResponseHopLimit), or pass --instance-id");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("interrupted while asking the instance metadata service for " + what);
        }
        if (response.statusCode() != 200) {
            throw new UsageException("the instance metadata service at " + endpoint + " answered HTTP "
                    + response.statusCode() + " to the request for " + what + "; pass --instance-id");
        }
        return response.body();
    }
}
