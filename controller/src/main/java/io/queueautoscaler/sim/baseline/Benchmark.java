package io.queueautoscaler.sim.baseline;

import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.sim.DiscardingDecisionLog;
import io.queueautoscaler.sim.ReconcilerAlgorithm;
import io.queueautoscaler.sim.RunResult;
import io.queueautoscaler.sim.Simulation;
import io.queueautoscaler.sim.Summary;
import io.queueautoscaler.sim.TraceWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs the daemon's policy and the chosen baselines over one workload, each baseline also tuned to
 * the SLO when asked. Runs are independent, so baselines run on parallel threads; results come
 * back in a fixed order (queue-autoscaler, then each baseline followed by its @slo run), so the
 * output is the same whatever the scheduling.
 */
public final class Benchmark {
    private final TraceWorkload workload;
    private final ScalingPolicy policy;

    public Benchmark(TraceWorkload workload, ScalingPolicy policy) {
        this.workload = Objects.requireNonNull(workload, "workload");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (policy.queues().size() != workload.queues()) {
            throw new IllegalArgumentException("policy " + policy.name() + " lists " + policy.queues().size()
                    + " queue(s) but scenario " + workload.scenario().name() + " has " + workload.queues()
                    + "; queues are matched by position, so give both the same number");
        }
    }

    /** @param progress told of each run as it ends, one line each, from whichever thread ran it */
    public List<RunResult> run(List<Baseline> baselines, boolean tune, Consumer<String> progress) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(baselines.size() + 1,
                Runtime.getRuntime().availableProcessors())));
        try {
            Future<RunResult> own = pool.submit(() -> done(new Simulation(workload, policy.target())
                    .run(new ReconcilerAlgorithm(policy, new DiscardingDecisionLog())), progress));
            List<Future<List<RunResult>>> others = new ArrayList<>();
            for (Baseline baseline : baselines) {
                others.add(pool.submit(() -> runBaseline(baseline, tune, progress)));
            }
            List<RunResult> results = new ArrayList<>();
            results.add(own.get());
            for (Future<List<RunResult>> f : others) {
                results.addAll(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("simulation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private List<RunResult> runBaseline(Baseline baseline, boolean tune, Consumer<String> progress) {
        Simulation simulation = new Simulation(workload, baseline.bounds(policy.target()));
        RunResult documented = done(simulation.run(baseline.configure(workload, 1)), progress);
        if (!tune) {
            return List.of(documented);
        }
        RunResult tuned = Tuner.tune(baseline.algorithmName() + "@slo", baseline.parameter(), documented,
                scale -> simulation.run(baseline.configure(workload, scale)), progress);
        return List.of(documented, done(tuned, progress));
    }

    private static RunResult done(RunResult run, Consumer<String> progress) {
        Summary s = run.summary();
        progress.accept(String.format(Locale.ROOT, "%s done: %.2f%% late, %.1f instance-hours", s.algorithm(),
                100 * s.sloViolationRate(), s.instanceSeconds() / 3600));
        return run;
    }
}
