package io.queueautoscaler.cli;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.queueautoscaler.policy.QueueSpec;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.yaml.PolicyParser;
import io.queueautoscaler.sim.RunResult;
import io.queueautoscaler.sim.ScenarioLoader;
import io.queueautoscaler.sim.TraceWorkload;
import io.queueautoscaler.sim.baseline.Baseline;
import io.queueautoscaler.sim.baseline.Benchmark;
import io.queueautoscaler.sim.report.HtmlReport;
import io.queueautoscaler.sim.report.SummaryJson;
import io.queueautoscaler.sim.report.TimelineCsv;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code simulate --scenario FILE --policy FILE [--baseline NAME|all] [--tune] --out DIR}: backtests
 * a policy offline with the daemon's own decision code on a virtual clock, against the baselines
 * if asked, and writes summary.json, timeline.csv and report.html to DIR. While it runs it says on
 * stderr which run has ended (with --tune, each tuning trial too), so a minutes-long benchmark is
 * visibly alive; the results table goes to stdout.
 */
public class SimulateCommand extends Command {
    private final PolicySource policies;
    private final PrintStream out;
    private final PrintStream progress;

    /** Reads the policy with the daemon's own parser; the file must hold exactly one policy. */
    public SimulateCommand() {
        this(SimulateCommand::onePolicy);
    }

    static ScalingPolicy onePolicy(Path file) throws Exception {
        List<ScalingPolicy> policies = new PolicyParser().parse(file);
        if (policies.size() != 1) {
            throw new IllegalArgumentException(file + " holds " + policies.size()
                    + " policies; simulate takes a file with exactly one");
        }
        return policies.get(0);
    }

    public SimulateCommand(PolicySource policies) {
        this(policies, System.out, System.err);
    }

    SimulateCommand(PolicySource policies, PrintStream out, PrintStream progress) {
        super("simulate", "Backtests a scaling policy on a traffic scenario, against the baselines if asked");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.out = Objects.requireNonNull(out, "out");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("--scenario").required(true).metavar("FILE")
                .help("scenario YAML (queues with traces, fleet, seed)");
        subparser.addArgument("--policy").required(true).metavar("FILE").help("the policy YAML to evaluate");
        subparser.addArgument("--baseline").metavar("NAME|all")
                .help("also run aws-step, aws-target-tracking, keda (comma-separated) or all of them");
        subparser.addArgument("--tune").action(Arguments.storeTrue())
                .help("add each baseline tuned to the SLO (<baseline>@slo)");
        subparser.addArgument("--out").required(true).metavar("DIR").help("directory for summary.json, timeline.csv, report.html");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        Path scenarioFile = Path.of(namespace.getString("scenario"));
        Path policyFile = Path.of(namespace.getString("policy"));
        Path outDir = Path.of(namespace.getString("out"));
        List<Baseline> baselines = baselines(namespace.getString("baseline"));
        boolean tune = Boolean.TRUE.equals(namespace.getBoolean("tune"));

        long started = System.nanoTime();
        TraceWorkload workload = new ScenarioLoader().load(scenarioFile);
        ScalingPolicy policy = readPolicy(policyFile);
        progress.printf(Locale.ROOT, "simulating %s (%d messages): queue-autoscaler%s%s%n", workload.scenario().name(),
                workload.messages(), baselines.isEmpty() ? "" : " and " + baselines.size() + " baseline(s)",
                tune ? ", each also tuned to the SLO" : "");
        List<RunResult> runs = new Benchmark(workload, policy).run(baselines, tune,
                line -> progress.printf(Locale.ROOT, "  %5.1f s  %s%n", (System.nanoTime() - started) / 1e9, line));

        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("summary.json"), SummaryJson.write(runs), StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve("timeline.csv"), TimelineCsv.write(runs, workload.queues()), StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve("report.html"), HtmlReport.write(workload, policy.queues().stream().map(QueueSpec::name).toList(), runs), StandardCharsets.UTF_8);
        double elapsed = (System.nanoTime() - started) / 1e9;
        for (RunResult run : runs) {
            var s = run.summary();
            out.printf(Locale.ROOT, "%-28s p99 wait %8.1f s  SLO violations %6.2f%%  instance-hours %7.1f  utilization %5.1f%%%n",
                    s.algorithm(), s.waitSeconds().p99(), 100 * s.sloViolationRate(), s.instanceSeconds() / 3600,
                    100 * s.utilization());
        }
        out.printf(Locale.ROOT, "%d run(s) of scenario %s in %.1f s; wrote %s%n", runs.size(), workload.scenario().name(),
                elapsed, outDir.resolve("report.html"));
    }

    private ScalingPolicy readPolicy(Path file) {
        try {
            return policies.read(file);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot use policy " + file + ": " + e.getMessage(), e);
        }
    }

    static List<Baseline> baselines(String option) {
        if (option == null || option.isBlank()) {
            return List.of();
        }
        if (option.strip().equals("all")) {
            return Arrays.asList(Baseline.values());
        }
        List<Baseline> chosen = new ArrayList<>();
        for (String name : option.split(",")) {
            Baseline baseline = Baseline.named(name.strip());
            if (!chosen.contains(baseline)) {
                chosen.add(baseline);
            }
        }
        chosen.sort(null);
        return chosen;
    }
}
