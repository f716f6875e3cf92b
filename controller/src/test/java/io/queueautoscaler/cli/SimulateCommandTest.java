package io.queueautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.Target;
import io.queueautoscaler.sim.baseline.Baseline;
import io.queueautoscaler.testing.PolicyBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    private static final ScalingPolicy POLICY = PolicyBuilder.latency(new Target("jobs-workers", 0, 20), 60, 2, 30).build();

    @TempDir
    Path dir;
    private final List<Path> policiesRead = new ArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @Test
    void writesSummaryTimelineAndASelfContainedReport() throws Exception {
        Path scenario = scenario();

        command().run(null, options(scenario, "all", true));

        assertThat(policiesRead).containsExactly(dir.resolve("policy.yml"));
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
        assertThat(summary).extracting(n -> n.get("algorithm").asText()).containsExactly("queue-autoscaler", "aws-step",
                "aws-step@slo", "aws-target-tracking", "aws-target-tracking@slo", "keda", "keda@slo");
        assertThat(summary.get(0).fieldNames()).toIterable().containsExactly("scenario", "algorithm", "messages",
                "processed", "waitSeconds", "sloViolationRate", "instanceSeconds", "busySlotSeconds", "utilization",
                "scalingActions", "directionChanges", "peakCapacity");
        assertThat(summary.get(2).get("tuning").fieldNames()).toIterable().containsExactly("parameter", "scale", "met");
        assertThat(summary.get(2).get("tuning").get("parameter").asText()).isEqualTo("alarmThreshold");
        assertThat(summary.get(0).get("messages").asLong()).isEqualTo(5 * 600);

        List<String> timeline = Files.readAllLines(dir.resolve("out/timeline.csv"));
        assertThat(timeline.get(0)).isEqualTo("second,algorithm,desired,inService,busySlots,backlog,backlog.0");
        assertThat(timeline).anyMatch(l -> l.startsWith("0,queue-autoscaler,")).anyMatch(l -> l.contains(",keda@slo,"));

        String report = Files.readString(dir.resolve("out/report.html"));
        assertThat(report).contains("<svg", "Arrivals per minute", "Backlog of jobs (messages waiting; priority 1 of 1)",
                "Capacity: aws-step", "Busy slots", "Longest wait", "target of jobs: 60 s", "messages, log scale",
                "time since the trace started (h:mm)", "&lt;baseline&gt;@slo</b> is that product tuned to the same SLO");
        assertThat(report).doesNotContain("<script", "<link", "src=\"http", "href=\"http", "queue 0");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("7 run(s) of scenario cli");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("simulating cli (3000 messages)",
                "queue-autoscaler done: ", "keda done: ", "keda@slo done: ").doesNotContain("run(s) of scenario");
    }

    @Test
    void withoutBaselinesOnlyThePolicyRuns() throws Exception {
        command().run(null, options(scenario(), null, false));

        JsonNode summary = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
        assertThat(summary).extracting(n -> n.get("algorithm").asText()).containsExactly("queue-autoscaler");
    }

    @Test
    void baselinesAreNamedOneByOneOrAll() {
        assertThat(SimulateCommand.baselines("keda,aws-step")).containsExactly(Baseline.AWS_STEP, Baseline.KEDA);
        assertThat(SimulateCommand.baselines("all")).containsExactly(Baseline.values());
        assertThatThrownBy(() -> SimulateCommand.baselines("hpa"))
                .hasMessage("unknown baseline hpa; choose one of aws-step, aws-target-tracking, keda or all");
    }

    @Test
    void anUnreadablePolicyNamesTheFile() throws Exception {
        Path scenario = scenario();
        SimulateCommand failing = new SimulateCommand(file -> {
            throw new IllegalStateException("line 3: maxCapacity is required");
        }, new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThatThrownBy(() -> failing.run(null, options(scenario, null, false)))
                .hasMessage("cannot use policy " + dir.resolve("policy.yml") + ": line 3: maxCapacity is required");
    }

    private SimulateCommand command() {
        return new SimulateCommand(file -> {
            policiesRead.add(file);
            return POLICY;
        }, new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    private Namespace options(Path scenario, String baseline, boolean tune) {
        Map<String, Object> options = new HashMap<>();
        options.put("scenario", scenario.toString());
        options.put("policy", dir.resolve("policy.yml").toString());
        options.put("baseline", baseline);
        options.put("tune", tune);
        options.put("out", dir.resolve("out").toString());
        return new Namespace(options);
    }

    private Path scenario() throws Exception {
        StringBuilder trace = new StringBuilder("second,arrivals\n");
        for (int s = 0; s < 600; s++) {
            trace.append(s).append(",5\n");
        }
        Files.writeString(dir.resolve("cli.csv"), trace);
        Files.writeString(dir.resolve("cli.yml"), """
                name: cli
                queues:
                  - trace: cli.csv
                    serviceSeconds: { distribution: exponential, mean: 1.0 }
                    maxWaitSeconds: 60
                fleet: { initialCapacity: 1, bootSeconds: 30, concurrencyPerInstance: 2 }
                seed: 3
                """);
        return dir.resolve("cli.yml");
    }
}
