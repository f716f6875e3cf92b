package io.queueautoscaler.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.queueautoscaler.QueueAutoscalerApplication;
import io.queueautoscaler.QueueAutoscalerConfiguration;
import io.queueautoscaler.testing.AutoScalingStubs;
import io.queueautoscaler.testing.FakeCloudWatch;
import io.queueautoscaler.testing.TestResources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} through Dropwizard's own command line, as {@code java -jar ... check config/aws.yml}
 * runs it: it fails, with one line saying why, on everything {@code server} would refuse.
 */
class CheckCommandTest {
    private static final String ADMIN = "admin-" + UUID.randomUUID();
    private static final String WORKER = "worker-" + UUID.randomUUID();

    private final ByteArrayOutputStream stdOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stdErr = new ByteArrayOutputStream();
    private final List<String> properties = new ArrayList<>();
    @TempDir
    Path policies;

    @BeforeEach
    void validSetup() throws Exception {
        Files.copy(Path.of("../policies/thumbnails.yml"), policies.resolve("thumbnails.yml"));
        set("QUEUE_AUTOSCALER_POLICIES", policies.toString());
        set("QUEUE_AUTOSCALER_ADMIN_TOKEN", ADMIN);
        set("QUEUE_AUTOSCALER_WORKER_TOKEN", WORKER);
    }

    @AfterEach
    void clear() {
        properties.forEach(System::clearProperty);
    }

    @Test
    void passesAProductionConfigurationThatServerWouldStart() {
        assertThat(run("check", "../config/aws.yml")).isEmpty();
        assertThat(out()).isEqualTo("Configuration is OK\n");
    }

    @Test
    void passesTheEmbeddedDefaultWithItsPublishedTokens() {
        System.clearProperty("QUEUE_AUTOSCALER_ADMIN_TOKEN");
        System.clearProperty("QUEUE_AUTOSCALER_WORKER_TOKEN");
        assertThat(run("check", "../config/local.yml")).isEmpty();
        assertThat(out()).isEqualTo("Configuration is OK\n");
    }

    @Test
    void failsWhenThePoliciesDirectoryIsMissing() {
        String missing = policies.resolve("missing").toString();
        set("QUEUE_AUTOSCALER_POLICIES", missing);

        assertThat(run("check", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
        assertThat(err()).isEqualTo("queue-autoscaler refuses this configuration: policies: " + missing
                + " does not exist; give the directory that holds the policy files\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void failsOnAnInvalidPolicy() throws Exception {
        Files.writeString(policies.resolve("broken.yml"), """
                apiVersion: queue-autoscaler/v1
                kind: ScalingPolicy
                metadata: { name: broken }
                spec:
                  target: { autoScalingGroupName: broken-workers, minCapacity: 5, maxCapacity: 3 }
                  queues: [ { url: "https://sqs.us-east-1.amazonaws.com/123456789012/broken" } ]
                """);

        assertThat(run("check", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
        assertThat(err()).isEqualTo("queue-autoscaler refuses this configuration: policies: "
                + policies.resolve("broken.yml") + ":5 spec.target.maxCapacity: 3 is below minCapacity 5\n");
    }

    @Test
    void failsWhenTheAdminAndWorkerTokensAreEqual() {
        set("QUEUE_AUTOSCALER_WORKER_TOKEN", ADMIN);

        assertThat(run("check", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
        assertThat(err()).isEqualTo("queue-autoscaler refuses this configuration: auth.adminTokens[0] equals "
                + "auth.workerTokens[0]: every worker could act as an admin; give each role its own token\n");
    }

    @Test
    void failsOnAPlaceholderToken() {
        set("QUEUE_AUTOSCALER_WORKER_TOKEN", "replace-me-with-a-long-random-worker-token");

        assertThat(run("check", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
        assertThat(err()).isEqualTo("queue-autoscaler refuses this configuration: auth.workerTokens[0] is a "
                + "placeholder published with queue-autoscaler; set a secret of your own (for example: openssl rand -base64 36)\n");
    }

    @Test
    void failsOnAShutdownGracePeriodThatLeavesTheRestOfAStopNoTime() {
        set("dw.server.shutdownGracePeriod", "30s");

        assertThat(run("check", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
        assertThat(err()).isEqualTo("queue-autoscaler refuses this configuration: server.shutdownGracePeriod is 30 "
                + "seconds: a stop (SIGTERM) ends within 25 s and the requests in flight may take at most 10 s of it, "
                + "or the last protection flush and the decisions in memory are cut short; set "
                + "server.shutdownGracePeriod: 5s (as config/aws.yml does)\n");
    }

    @Test
    void listsEveryProblemAtOnce() {
        set("QUEUE_AUTOSCALER_ADMIN_TOKEN", "too-short-admin-token");
        set("QUEUE_AUTOSCALER_POLICIES", policies.resolve("missing").toString());

        assertThat(run("check", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
        assertThat(err().lines()).hasSize(3).first().isEqualTo("queue-autoscaler refuses this configuration, 2 problems:");
        assertThat(err()).contains("auth.adminTokens[0] is 21 characters").contains("missing does not exist");
    }

    @Test
    void connectFailsWhenNoCredentialsResolve() {
        set("QUEUE_AUTOSCALER_AWS_ENDPOINT", "http://127.0.0.1:1");
        set("dw.database.driverClass", "org.h2.Driver");
        set("QUEUE_AUTOSCALER_DATABASE_URL", "jdbc:h2:mem:" + UUID.randomUUID());
        // No credentials anywhere: the chain's last resort, the instance metadata service, is not here either.
        set("aws.ec2MetadataServiceEndpoint", "http://127.0.0.1:1");
        set("aws.profile", "queue-autoscaler-test-" + UUID.randomUUID());

        assertThat(run("check", "--connect", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
        assertThat(err()).startsWith("queue-autoscaler refuses this configuration: AWS credentials do not resolve");
    }

    @Test
    void connectFailsWhenTheDatabaseDoesNotAnswer() {
        set("QUEUE_AUTOSCALER_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/queue_autoscaler?connectTimeout=2");
        set("dw.database.maxWaitForConnection", "2s");
        set("QUEUE_AUTOSCALER_AWS_ENDPOINT", "http://127.0.0.1:1");
        set("aws.accessKeyId", "AKIDEXAMPLE");
        set("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

        assertThat(run("check", "--connect", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
        assertThat(err()).contains("\n  database jdbc:postgresql://127.0.0.1:1/queue_autoscaler?connectTimeout=2 "
                + "does not answer: Connection to 127.0.0.1:1 refused.");
    }

    @Test
    void connectPassesWhenTheDatabaseAndAwsAnswerAndEveryGroupAndQueueCanBeRead() {
        withAws(aws -> {
            groupAndQueueAnswer(aws);
        }, () -> {
            assertThat(run("check", "--connect", "../config/aws.yml")).isEmpty();
            assertThat(out()).isEqualTo("Configuration is OK; the database and AWS answer, and every policy's group "
                    + "and queues can be read\n");
        });
    }

    @Test
    void connectFailsWhenAwsRefusesTheCredentials() {
        withAws(aws -> describe(aws, aResponse().withStatus(403).withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                        + "<Message>User: arn:aws:sts::123456789012:assumed-role/queue-autoscaler/i-0abc is not "
                        + "authorized to perform: autoscaling:DescribeAutoScalingGroups</Message></Error>"
                        + "<RequestId>0c9a8a86-2c3c-11e9-b210-d663bd873d93</RequestId></ErrorResponse>")), () -> {
            assertThat(run("check", "--connect", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
            assertThat(err()).startsWith("queue-autoscaler refuses this configuration: Auto Scaling in us-east-1: "
                    + "DescribeAutoScalingGroups of groups [thumbnails-workers] failed: AccessDenied (HTTP 403)");
        });
    }

    @Test
    void connectFailsNamingThePolicyWhoseGroupDoesNotExist() {
        withAws(aws -> {
            describe(aws, aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                    .withBody(TestResources.text("aws/autoscaling/describe-auto-scaling-groups-empty.xml")));
            queueAttributes(aws, json(200, "aws/sqs/get-queue-attributes.json"));
        }, () -> {
            assertThat(run("check", "--connect", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
            assertThat(err()).contains("policy thumbnails: Auto Scaling Group thumbnails-workers does not exist in "
                    + "us-east-1 (check target.autoScalingGroupName and aws.region)");
        });
    }

    @Test
    void connectFailsNamingThePolicyWhoseQueueDoesNotExist() {
        withAws(aws -> {
            describe(aws, groups("thumbnails-workers", 0, 40));
            queueAttributes(aws, json(400, "aws/sqs/error-queue-does-not-exist.json")
                    .withHeader("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"));
        }, () -> {
            assertThat(run("check", "--connect", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
            assertThat(err()).contains("policy thumbnails: cannot read the depth of queue "
                    + "http://localhost:9324/000000000000/thumbnails: ")
                    .contains("check the queue URL in the policy");
        });
    }

    @Test
    void connectPassesWithANoteWhenTheGroupIsNarrowerThanThePolicy() {
        withAws(aws -> {
            describe(aws, groups("thumbnails-workers", 1, 4));
            queueAttributes(aws, json(200, "aws/sqs/get-queue-attributes.json"));
        }, () -> {
            assertThat(run("check", "--connect", "../config/aws.yml")).isEmpty();
            assertThat(out()).endsWith("\n  note: policy thumbnails: group thumbnails-workers keeps itself within "
                    + "MinSize 1 and MaxSize 4, narrower than the policy's 0 to 8; align one with the other\n");
        });
    }

    @Test
    void connectNotesAQueueCloudWatchHasNoRecentDatapointOfAndFailsOnOneItMayNotRead() throws Exception {
        Path policy = policies.resolve("thumbnails.yml");
        Files.writeString(policy, Files.readString(policy).replace("source: sqs", "source: cloudwatch"));
        FakeCloudWatch cloudWatch = new FakeCloudWatch();
        withAws(aws -> {
            describe(aws, groups("thumbnails-workers", 0, 40));
            aws.stubFor(FakeCloudWatch.stub());
        }, cloudWatch, () -> {
            assertThat(run("check", "--connect", "../config/aws.yml")).isEmpty();
            assertThat(out()).contains("\n  note: policy thumbnails: CloudWatch has no AWS/SQS datapoint of "
                    + "[ApproximateNumberOfMessagesVisible, ApproximateNumberOfMessagesNotVisible, "
                    + "ApproximateNumberOfMessagesDelayed] for queue http://localhost:9324/000000000000/thumbnails");
        });
        withAws(aws -> {
            describe(aws, groups("thumbnails-workers", 0, 40));
            aws.stubFor(post(urlEqualTo(FakeCloudWatch.GET_METRIC_DATA_PATH))
                    .willReturn(FakeCloudWatch.error(403, "AccessDenied", "AccessDeniedException", "User: "
                            + "arn:aws:sts::123456789012:assumed-role/queue-autoscaler/i-0abc is not authorized to "
                            + "perform: cloudwatch:GetMetricData")));
        }, cloudWatch, () -> {
            assertThat(run("check", "--connect", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
            assertThat(err()).contains("policy thumbnails: cannot read the depth of queues "
                    + "[http://localhost:9324/000000000000/thumbnails] from CloudWatch: AccessDenied (HTTP 403)");
        });
    }

    @Test
    void connectFailsWhenThePolicysLifecycleHookIsMissingOrHoldsNoTermination() throws Exception {
        Path policy = policies.resolve("thumbnails.yml");
        Files.writeString(policy, Files.readString(policy).replace("maxLeaseSeconds: 3600 }",
                "maxLeaseSeconds: 3600, lifecycleHook: drain-workers }"));
        for (String hooks : List.of("describe-lifecycle-hooks-empty.xml", "describe-lifecycle-hooks-launching.xml")) {
            stdErr.reset();
            withAws(aws -> {
                groupAndQueueAnswer(aws);
                AutoScalingStubs.answer(aws, "DescribeLifecycleHooks", 200, hooks);
            }, () -> {
                assertThat(run("check", "--connect", "../config/aws.yml")).as(hooks)
                        .containsInstanceOf(StartRefusedException.class);
                assertThat(err()).contains("policy thumbnails: a policy names lifecycle hook drain-workers "
                        + "(spec.protection.lifecycleHook), but group thumbnails-workers has ")
                        .contains("terminating instances are not drained; create it with aws autoscaling put-lifecycle-hook");
            });
        }
        assertThat(err()).contains("has it on autoscaling:EC2_INSTANCE_LAUNCHING, not on termination");

        withAws(aws -> {
            groupAndQueueAnswer(aws);
            AutoScalingStubs.answer(aws, "DescribeLifecycleHooks", 200, "describe-lifecycle-hooks.xml");
        }, () -> assertThat(run("check", "--connect", "../config/aws.yml")).isEmpty());
    }

    @Test
    void connectAsksASourceThatDoesNotAnswerOnceNotOncePerPolicy() throws Exception {
        String thumbnails = Files.readString(policies.resolve("thumbnails.yml"));
        for (int i = 1; i <= 3; i++) {
            Files.writeString(policies.resolve("copy-" + i + ".yml"), thumbnails.replace("name: thumbnails ", "name: copy-" + i + " ")
                    .replace("autoScalingGroupName: thumbnails-workers", "autoScalingGroupName: copy-" + i + "-workers"));
        }
        set("dw.aws.apiCallTimeout", "PT1S");
        set("dw.aws.apiCallAttemptTimeout", "PT1S");
        withAws(aws -> {
            describe(aws, aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(AutoScalingStubs
                    .groups(0, "thumbnails-workers", "copy-1-workers", "copy-2-workers", "copy-3-workers")));
            queueAttributes(aws, json(200, "aws/sqs/get-queue-attributes.json").withFixedDelay(5_000));
        }, () -> {
            assertThat(run("check", "--connect", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
            assertThat(err()).contains("cannot read the depth of queue http://localhost:9324/000000000000/thumbnails")
                    .contains("the queues of 3 more policies with metrics.source sqs were not read: the source did not "
                            + "answer the one above");
        });
    }

    @Test
    void refusesAnAwsEndpointThatIsNoUrl() {
        set("QUEUE_AUTOSCALER_SQS_ENDPOINT", "vpce-0abc.sqs.us-east-1.vpce.amazonaws.com");

        assertThat(run("check", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
        assertThat(err()).contains("the sqs endpoint 'vpce-0abc.sqs.us-east-1.vpce.amazonaws.com' (aws.endpoints.sqs or "
                + "aws.endpointOverride) is not an http or https URL: write it as "
                + "https://vpce-0abc.sqs.us-east-1.vpce.amazonaws.com");
    }

    @Test
    void passesAnEmptyPoliciesDirectoryWhenTheConfigurationAllowsIt() throws Exception {
        Files.delete(policies.resolve("thumbnails.yml"));
        assertThat(run("check", "../config/aws.yml")).containsInstanceOf(StartRefusedException.class);
        assertThat(err()).contains("allowEmptyPolicies: true");

        set("dw.allowEmptyPolicies", "true");
        stdErr.reset();
        assertThat(run("check", "../config/aws.yml")).isEmpty();
        assertThat(out()).isEqualTo("Configuration is OK\n");
    }

    /** AWS answered by a WireMock {@code stubs} set up, credentials set, and an in-memory H2 as the database. */
    private void withAws(Consumer<WireMockServer> stubs, Runnable check) {
        withAws(stubs, new FakeCloudWatch(), check);
    }

    private void withAws(Consumer<WireMockServer> stubs, FakeCloudWatch cloudWatch, Runnable check) {
        WireMockServer aws = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(cloudWatch));
        aws.start();
        try {
            stubs.accept(aws);
            set("QUEUE_AUTOSCALER_AWS_ENDPOINT", aws.baseUrl());
            set("aws.accessKeyId", "AKIDEXAMPLE");
            set("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
            set("dw.database.driverClass", "org.h2.Driver");
            set("QUEUE_AUTOSCALER_DATABASE_URL", "jdbc:h2:mem:" + UUID.randomUUID());
            check.run();
        } finally {
            aws.stop();
        }
    }

    /** The policy's group (MinSize 0, MaxSize 40) and its queue, as AWS answers for ones that exist. */
    private static void groupAndQueueAnswer(WireMockServer aws) {
        describe(aws, groups("thumbnails-workers", 0, 40));
        queueAttributes(aws, json(200, "aws/sqs/get-queue-attributes.json"));
    }

    private static void describe(WireMockServer aws, ResponseDefinitionBuilder answer) {
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=DescribeAutoScalingGroups")).willReturn(answer));
    }

    private static void queueAttributes(WireMockServer aws, ResponseDefinitionBuilder answer) {
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSQS.GetQueueAttributes")).willReturn(answer));
    }

    /** DescribeAutoScalingGroups answering one group, no instances, with its own MinSize and MaxSize. */
    private static ResponseDefinitionBuilder groups(String name, int minSize, int maxSize) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(AutoScalingStubs.groups(0, name)
                .replace("<MinSize>0</MinSize><MaxSize>40</MaxSize>",
                        "<MinSize>" + minSize + "</MinSize><MaxSize>" + maxSize + "</MaxSize>"));
    }

    private static ResponseDefinitionBuilder json(int status, String resource) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0")
                .withHeader("x-amzn-RequestId", "b1f2c3d4-e5f6-5a7b-8c9d-0e1f2a3b4c5d")
                .withBody(TestResources.text(resource));
    }

    private void set(String name, String value) {
        System.setProperty(name, value);
        properties.add(name);
    }

    private Optional<Throwable> run(String... arguments) {
        QueueAutoscalerApplication application = new QueueAutoscalerApplication();
        Bootstrap<QueueAutoscalerConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        bootstrap.addCommand(new CheckCommand(new PrintStream(stdOut, true, StandardCharsets.UTF_8)));
        return new Cli(new JarLocation(getClass()), bootstrap, stdOut, stdErr).run(arguments);
    }

    private String out() {
        return stdOut.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stdErr.toString(StandardCharsets.UTF_8);
    }
}
