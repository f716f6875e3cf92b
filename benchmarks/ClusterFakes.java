import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * The AWS side of benchmarks/cluster.sh, on loopback: an SQS-compatible server (ElasticMQ, from
 * the daemon's own jar) with the benchmark's queues, and an Auto Scaling endpoint speaking AWS's
 * query protocol and XML for DescribeAutoScalingGroups, SetDesiredCapacity,
 * DescribeAutoScalingInstances and SetInstanceProtection, keeping each group's desired capacity.
 * Prints "sqs=PORT autoscaling=PORT" once both listen; runs until killed.
 *
 *   java -cp controller/target/queue-autoscaler.jar benchmarks/ClusterFakes.java --queues 10
 */
public final class ClusterFakes {
    private static final String NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    private static final Map<String, Integer> DESIRED = new ConcurrentHashMap<>();
    private static final AtomicLong SET_DESIRED_CALLS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int queues = args.length >= 2 && args[0].equals("--queues") ? Integer.parseInt(args[1]) : 10;
        SQSRestServer sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(0).start();
        int sqsPort = sqs.waitUntilStarted().localAddress().getPort();
        for (int i = 0; i < queues; i++) {
            createQueue(sqsPort, "bench-" + i);
        }
        HttpServer autoScaling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        autoScaling.createContext("/", ClusterFakes::handle);
        autoScaling.setExecutor(Executors.newFixedThreadPool(4));
        autoScaling.start();
        System.out.println("sqs=" + sqsPort + " autoscaling=" + autoScaling.getAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** CreateQueue through the SQS JSON protocol, as the SDK sends it. */
    private static void createQueue(int port, String name) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AmazonSQS.CreateQueue")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"QueueName\":\"" + name + "\"}")).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("CreateQueue " + name + ": " + response.statusCode() + " " + response.body());
        }
    }

    private static void handle(HttpExchange exchange) throws IOException {
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String action = form.getOrDefault("Action", "");
        String body = switch (action) {
            case "DescribeAutoScalingGroups" -> describeGroups(list(form, "AutoScalingGroupNames.member"));
            case "SetDesiredCapacity" -> {
                DESIRED.put(form.get("AutoScalingGroupName"), Integer.parseInt(form.get("DesiredCapacity")));
                SET_DESIRED_CALLS.incrementAndGet();
                yield "<SetDesiredCapacityResponse xmlns=\"" + NS + "\">" + metadata() + "</SetDesiredCapacityResponse>";
            }
            case "SetInstanceProtection" -> "<SetInstanceProtectionResponse xmlns=\"" + NS + "\"><SetInstanceProtectionResult/>"
                    + metadata() + "</SetInstanceProtectionResponse>";
            case "DescribeAutoScalingInstances" -> "<DescribeAutoScalingInstancesResponse xmlns=\"" + NS + "\">"
                    + "<DescribeAutoScalingInstancesResult><AutoScalingInstances/></DescribeAutoScalingInstancesResult>"
                    + metadata() + "</DescribeAutoScalingInstancesResponse>";
            default -> null;
        };
        byte[] bytes;
        int status = 200;
        if (body == null) {
            status = 400;
            body = "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>InvalidAction</Code>"
                    + "<Message>" + action + " is not faked</Message></Error>" + metadata() + "</ErrorResponse>";
        }
        bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Every asked group exists with bounds [0, 10] and one in-service instance per unit of desired capacity. */
    private static String describeGroups(List<String> names) {
        StringBuilder xml = new StringBuilder("<DescribeAutoScalingGroupsResponse xmlns=\"" + NS + "\">"
                + "<DescribeAutoScalingGroupsResult><AutoScalingGroups>");
        for (String name : names) {
            int desired = DESIRED.computeIfAbsent(name, n -> 1);
            xml.append("<member><AutoScalingGroupARN>arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:")
                    .append(Integer.toHexString(name.hashCode())).append(":autoScalingGroupName/").append(name)
                    .append("</AutoScalingGroupARN><AutoScalingGroupName>").append(name).append("</AutoScalingGroupName>")
                    .append("<MinSize>0</MinSize><MaxSize>10</MaxSize><DesiredCapacity>").append(desired)
                    .append("</DesiredCapacity><DefaultCooldown>300</DefaultCooldown>")
                    .append("<AvailabilityZones><member>us-east-1a</member></AvailabilityZones>")
                    .append("<HealthCheckType>EC2</HealthCheckType><HealthCheckGracePeriod>300</HealthCheckGracePeriod><Instances>");
            for (int i = 0; i < desired; i++) {
                xml.append("<member><InstanceId>i-").append(String.format("%08x%09d", name.hashCode(), i))
                        .append("</InstanceId><InstanceType>c6i.large</InstanceType><AvailabilityZone>us-east-1a</AvailabilityZone>")
                        .append("<LifecycleState>InService</LifecycleState><HealthStatus>Healthy</HealthStatus>")
                        .append("<ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>");
            }
            xml.append("</Instances><CreatedTime>2026-11-01T00:00:00.000Z</CreatedTime></member>");
        }
        return xml.append("</AutoScalingGroups></DescribeAutoScalingGroupsResult>").append(metadata())
                .append("</DescribeAutoScalingGroupsResponse>").toString();
    }

    private static String metadata() {
        return "<ResponseMetadata><RequestId>" + java.util.UUID.randomUUID() + "</RequestId></ResponseMetadata>";
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static List<String> list(Map<String, String> form, String prefix) {
        List<String> items = new ArrayList<>();
        for (int i = 1; form.containsKey(prefix + "." + i); i++) {
            items.add(form.get(prefix + "." + i));
        }
        return items;
    }
}
