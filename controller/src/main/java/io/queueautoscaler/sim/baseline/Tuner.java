package io.queueautoscaler.sim.baseline;

import io.queueautoscaler.sim.RunResult;
import io.queueautoscaler.sim.Tuning;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;

/**
 * Finds a baseline's cheapest setting at equal SLO: its knob scaled down from the documented value
 * by bisection on the scale in [MIN_SCALE, 1] to the largest scale whose SLO violation rate is at
 * most {@link #MAX_VIOLATION_RATE}. Bisection assumes fewer violations at smaller scales, which
 * holds for every knob here (each means more capacity per message waiting).
 */
final class Tuner {
    static final double MAX_VIOLATION_RATE = 0.01;
    static final double MIN_SCALE = 1.0 / 64;
    static final double RESOLUTION = 1.0 / 128;

    private Tuner() {
    }

    /**
     * @param documented the run at scale 1, already made
     * @param runAt      runs the baseline with its knob scaled
     * @param progress   told of each trial as it ends, one line each
     */
    static RunResult tune(String name, String parameter, RunResult documented, DoubleFunction<RunResult> runAt,
                          Consumer<String> progress) {
        if (meets(documented)) {
            return documented.tuned(name, new Tuning(parameter, 1, true));
        }
        DoubleFunction<RunResult> trial = scale -> {
            RunResult run = runAt.apply(scale);
            progress.accept(String.format(Locale.ROOT, "%s: %s x %.3f: %.2f%% late, %.1f instance-hours%s", name, parameter,
                    scale, 100 * run.summary().sloViolationRate(), run.summary().instanceSeconds() / 3600,
                    meets(run) ? " (meets the SLO)" : ""));
            return run;
        };
        RunResult lowest = trial.apply(MIN_SCALE);
        if (!meets(lowest)) {
            boolean lowestBetter = lowest.summary().sloViolationRate() < documented.summary().sloViolationRate();
            return lowestBetter
                    ? lowest.tuned(name, new Tuning(parameter, MIN_SCALE, false))
                    : documented.tuned(name, new Tuning(parameter, 1, false));
        }
        double met = MIN_SCALE;
        double missed = 1;
        RunResult best = lowest;
        while (missed - met > RESOLUTION) {
            double mid = (met + missed) / 2;
            RunResult run = trial.apply(mid);
            if (meets(run)) {
                met = mid;
                best = run;
            } else {
                missed = mid;
            }
        }
        return best.tuned(name, new Tuning(parameter, met, true));
    }

    static boolean meets(RunResult run) {
        return run.summary().sloViolationRate() <= MAX_VIOLATION_RATE;
    }
}
