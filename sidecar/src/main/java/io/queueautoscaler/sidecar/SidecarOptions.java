package io.queueautoscaler.sidecar;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the sidecar runs with, from its command line and environment. Each problem is reported
 * with the flag or variable that causes it, so that a container that will not start says why in
 * its first log line.
 *
 * @param listen       where the SQS daemon (or any caller) sends requests
 * @param forward      the worker application's base URL; a request's path and query are appended
 * @param daemon       queue-autoscaler's application URL
 * @param instanceId   the instance to protect; empty means ask the instance metadata service
 * @param workerToken  one of the daemon's worker tokens
 * @param leaseLength  how long each lease (and each renewal) lasts
 */
public record SidecarOptions(InetSocketAddress listen, URI forward, URI daemon, Optional<String> instanceId,
                             String workerToken, Duration leaseLength) {

    public static final String TOKEN_VARIABLE = "QUEUE_AUTOSCALER_WORKER_TOKEN";
    public static final String USAGE = "usage: java -jar queue-autoscaler-sidecar.jar --listen HOST:PORT --forward URL "
            + "--daemon URL [--instance-id ID] [--lease-seconds N]\n"
            + "  --listen HOST:PORT   where requests arrive (the SQS daemon's HTTP port), e.g. 0.0.0.0:8080\n"
            + "  --forward URL        the worker application, e.g. http://worker:8080\n"
            + "  --daemon URL         queue-autoscaler's application URL, e.g. http://queue-autoscaler.internal:8080\n"
            + "  --instance-id ID     the EC2 instance to protect (default: from the instance metadata service, IMDSv2)\n"
            + "  --lease-seconds N    length of each lease, renewed every third of it while a request runs (default 60)\n"
            + "environment: " + TOKEN_VARIABLE + " (required) a worker token of the daemon";

    private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    private static final List<String> FLAGS = List.of("--listen", "--forward", "--daemon", "--instance-id", "--lease-seconds");
    private static final int DEFAULT_LEASE_SECONDS = 60;

    public SidecarOptions {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(daemon, "daemon");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(leaseLength, "leaseLength");
        if (workerToken == null || workerToken.isBlank()) {
            throw new UsageException(TOKEN_VARIABLE + " is not set: give the sidecar one of the daemon's worker tokens");
        }
        if (leaseLength.toSeconds() < 1) {
            throw new UsageException("--lease-seconds must be at least 1, was " + leaseLength.toSeconds());
        }
    }

    /** Parses {@code --flag value} pairs (or {@code --flag=value}) and the token variable. */
    public static SidecarOptions parse(List<String> args, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag = arg;
            String value;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                flag = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                value = null;
            }
            if (!FLAGS.contains(flag)) {
                throw new UsageException("unknown argument '" + arg + "': the sidecar takes " + String.join(", ", FLAGS));
            }
            if (value == null || value.isBlank()) {
                throw new UsageException(flag + " needs a value");
            }
            if (values.put(flag, value) != null) {
                throw new UsageException(flag + " is given twice");
            }
        }
        return new SidecarOptions(
                listen(required(values, "--listen")),
                url("--forward", required(values, "--forward")),
                url("--daemon", required(values, "--daemon")),
                Optional.ofNullable(values.get("--instance-id")).map(SidecarOptions::instanceId),
                environment.get(TOKEN_VARIABLE),
                Duration.ofSeconds(leaseSeconds(values.get("--lease-seconds"))));
    }

    /** The lease is renewed after a third of it has passed, so that two renewals in a row may fail. */
    public Duration renewEvery() {
        return leaseLength.dividedBy(3);
    }

    private static String required(Map<String, String> values, String flag) {
        String value = values.get(flag);
        if (value == null) {
            throw new UsageException(flag + " is required");
        }
        return value;
    }

    private static InetSocketAddress listen(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new UsageException("--listen must be HOST:PORT, e.g. 0.0.0.0:8080, was '" + value + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageException("--listen port must be a number from 0 to 65535, was '" + value.substring(colon + 1) + "'");
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("--listen port must be a number from 0 to 65535, was " + port);
        }
        return new InetSocketAddress(host, port);
    }

    private static URI url(String flag, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new UsageException(flag + " is not a URL: '" + value + "' (" + e.getReason() + ")");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new UsageException(flag + " must be an http:// or https:// URL with a host, e.g. http://worker:8080, was '"
                    + value + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UsageException(flag + " must not have a query or fragment, was '" + value + "'");
        }
        return uri;
    }

    static boolean isInstanceId(String value) {
        return value != null && INSTANCE_ID.matcher(value).matches();
    }

    private static String instanceId(String value) {
        if (!isInstanceId(value)) {
            throw new UsageException("--instance-id must be an EC2 instance ID (i- and 17 lowercase hexadecimal digits, "
                    + "e.g. i-0a1b2c3d4e5f60001), was '" + value + "'");
        }
        return value;
    }

    private static int leaseSeconds(String value) {
        if (value == null) {
            return DEFAULT_LEASE_SECONDS;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--lease-seconds must be a whole number of seconds, was '" + value + "'");
        }
    }
}
