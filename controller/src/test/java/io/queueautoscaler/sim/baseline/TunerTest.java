package io.queueautoscaler.sim.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.sim.RunResult;
import io.queueautoscaler.sim.Summary;
import io.queueautoscaler.sim.Tuning;
import io.queueautoscaler.sim.WaitPercentiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Bisection to the cheapest setting at equal SLO, on stand-in runs whose violations follow a known curve. */
class TunerTest {
    private final List<Double> tried = new ArrayList<>();
    private final List<String> told = new ArrayList<>();

    @Test
    void aDocumentedSettingThatMeetsTheSloIsKept() {
        RunResult tuned = Tuner.tune("x@slo", "knob", run(1, 0.002), scale -> fail(scale), told::add);

        assertThat(tuned.summary().tuning()).contains(new Tuning("knob", 1, true));
        assertThat(tried).isEmpty();
    }

    @Test
    void bisectionFindsTheLargestScaleWithinResolutionThatMeetsTheSlo() {
        // violations grow with the knob: 5 percent at the documented value, 1 percent at scale 0.2
        DoubleUnaryOperator violations = scale -> 0.05 * scale;

        RunResult tuned = Tuner.tune("x@slo", "knob", run(1, violations.applyAsDouble(1)),
                scale -> run(scale, violations.applyAsDouble(scale)), told::add);

        Tuning tuning = tuned.summary().tuning().orElseThrow();
        assertThat(tuning.met()).isTrue();
        assertThat(tuning.scale()).isLessThanOrEqualTo(0.2).isGreaterThan(0.2 - Tuner.RESOLUTION);
        assertThat(tuned.summary().algorithm()).isEqualTo("x@slo");
        assertThat(tuned.summary().sloViolationRate()).isEqualTo(violations.applyAsDouble(tuning.scale()));
        assertThat(tried).hasSizeLessThanOrEqualTo(9);
        // each trial is told as it ends, with its scale and whether it met the SLO
        assertThat(told).hasSameSizeAs(tried);
        assertThat(told.get(0)).isEqualTo("x@slo: knob x 0.016: 0.08% late, 64.0 instance-hours (meets the SLO)");
    }

    @Test
    void whenNoScaleMeetsTheSloTheRunWithFewestViolationsIsReportedAsNotMet() {
        RunResult tuned = Tuner.tune("x@slo", "knob", run(1, 0.30), scale -> run(scale, 0.10), told::add);

        assertThat(tuned.summary().tuning()).contains(new Tuning("knob", Tuner.MIN_SCALE, false));
        assertThat(tuned.summary().sloViolationRate()).isEqualTo(0.10);
    }

    private RunResult fail(double scale) {
        throw new AssertionError("no run expected, asked for scale " + scale);
    }

    private RunResult run(double scale, double violationRate) {
        if (scale != 1) {
            tried.add(scale);
        }
        Summary summary = new Summary("s", "x", 100, 100, new WaitPercentiles(0, 0, 0, 0), violationRate, 3600 / scale,
                100, 0.5, 1, 0, 1, Optional.empty());
        return new RunResult(summary, List.of(), new double[0]);
    }
}
