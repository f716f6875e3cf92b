package io.queueautoscaler.policy.yaml;

import io.queueautoscaler.policy.Scaling;
import io.queueautoscaler.policy.Scaling.ScaleInStep;
import io.queueautoscaler.policy.Scaling.ScaleOutStep;
import io.queueautoscaler.policy.Scaling.Steps;
import io.queueautoscaler.policy.ScalingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Reads {@code spec.scaling}: the recommendation mode, its knobs and the step adjustments. */
final class ScalingReader {

    static final ScalingMode DEFAULT_MODE = ScalingMode.latency;
    static final long DEFAULT_ACTIVATION_BACKLOG = 1;
    static final int DEFAULT_ACTIVATION_OBSERVATIONS = 2;
    static final Scaling DEFAULT = new Scaling(DEFAULT_MODE, Scaling.DEFAULT_TARGET_BACKLOG_PER_INSTANCE,
            Steps.DEFAULT, DEFAULT_ACTIVATION_BACKLOG, DEFAULT_ACTIVATION_OBSERVATIONS);

    private static final List<String> SCALING = List.of("mode", "targetBacklogPerInstance", "steps",
            "activationBacklog", "activationObservations");
    private static final List<String> STEPS = List.of("scaleOut", "scaleIn");
    private static final List<String> SCALE_OUT_STEP = List.of("backlogAbove", "add");
    private static final List<String> SCALE_IN_STEP = List.of("backlogBelow", "remove");

    private final Problems problems;

    ScalingReader(Problems problems) {
        this.problems = problems;
    }

    Optional<Scaling> read(Fields spec) {
        return spec.section("scaling", SCALING, DEFAULT, this::scaling);
    }

    private Supplier<Scaling> scaling(Fields scaling) {
        ScalingMode mode = scaling.choice("mode", ScalingMode.class).orElse(DEFAULT_MODE);
        double target = scaling.number("targetBacklogPerInstance", value -> value > 0, "above 0")
                .orElse(Scaling.DEFAULT_TARGET_BACKLOG_PER_INSTANCE);
        Optional<Steps> steps = scaling.section("steps", STEPS, Steps.DEFAULT, this::steps);
        long activationBacklog = scaling.longInteger("activationBacklog", 0, Long.MAX_VALUE).orElse(DEFAULT_ACTIVATION_BACKLOG);
        int observations = scaling.integer("activationObservations", 1).orElse(DEFAULT_ACTIVATION_OBSERVATIONS);
        return () -> new Scaling(mode, target, steps.orElseThrow(), activationBacklog, observations);
    }

    private Supplier<Steps> steps(Fields steps) {
        int before = problems.count();
        List<Fields> outItems = steps.list("scaleOut", SCALE_OUT_STEP).orElse(List.of());
        List<Fields> inItems = steps.list("scaleIn", SCALE_IN_STEP).orElse(List.of());
        List<ScaleOutStep> scaleOut = new ArrayList<>();
        Map<Long, Fields> outThresholds = new HashMap<>();
        for (Fields item : outItems) {
            item.require("backlogAbove", "add");
            var above = item.longInteger("backlogAbove", 0, Long.MAX_VALUE);
            var add = item.integer("add", 1);
            above.ifPresent(threshold -> unique(outThresholds, threshold, item, "backlogAbove"));
            if (above.isPresent() && add.isPresent()) {
                scaleOut.add(new ScaleOutStep(above.getAsLong(), add.getAsInt()));
            }
        }
        List<ScaleInStep> scaleIn = new ArrayList<>();
        Map<Long, Fields> inThresholds = new HashMap<>();
        for (Fields item : inItems) {
            item.require("backlogBelow", "remove");
            var below = item.longInteger("backlogBelow", 0, Long.MAX_VALUE);
            var remove = item.integer("remove", 1);
            below.ifPresent(threshold -> unique(inThresholds, threshold, item, "backlogBelow"));
            if (below.isPresent() && remove.isPresent()) {
                scaleIn.add(new ScaleInStep(below.getAsLong(), remove.getAsInt()));
            }
        }
        Steps result = new Steps(steps.has("scaleOut") ? scaleOut : Steps.DEFAULT.scaleOut(),
                steps.has("scaleIn") ? scaleIn : Steps.DEFAULT.scaleIn());
        if (problems.count() == before) {
            checkNoOverlap(steps, result);
        }
        return () -> result;
    }

    private static void unique(Map<Long, Fields> seen, long threshold, Fields item, String field) {
        Fields first = seen.putIfAbsent(threshold, item);
        if (first != null) {
            item.report(field, "threshold " + threshold + " is also used by " + first.path());
        }
    }

    /**
     * A backlog strictly between a scale-out threshold and a higher scale-in threshold would add
     * and remove instances at once: the pool would flap, as with an sqs-down alarm set above sqs-up.
     */
    private static void checkNoOverlap(Fields steps, Steps result) {
        if (result.scaleOut().isEmpty() || result.scaleIn().isEmpty()) {
            return;
        }
        long lowestAbove = result.scaleOut().get(0).backlogAbove();
        long highestBelow = result.scaleIn().get(0).backlogBelow();
        if (highestBelow - lowestAbove >= 2) {
            steps.report("scaleIn", "backlogBelow " + highestBelow + " overlaps backlogAbove " + lowestAbove
                    + " of scaleOut: a backlog of " + (lowestAbove + 1) + ".." + (highestBelow - 1)
                    + " would both add and remove instances");
        }
    }
}
