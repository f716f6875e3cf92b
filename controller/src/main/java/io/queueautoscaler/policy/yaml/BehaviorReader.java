package io.queueautoscaler.policy.yaml;

import io.queueautoscaler.policy.Behavior;
import io.queueautoscaler.policy.Behavior.RatePolicy;
import io.queueautoscaler.policy.Behavior.Rules;
import io.queueautoscaler.policy.Behavior.SelectPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads {@code spec.behavior} with the Kubernetes HPA's rules: a direction given in part keeps the
 * default for every field it leaves out, policies included. The defaults are the HPA's, except in
 * latency mode ({@link Behavior#latencyDefault}).
 */
final class BehaviorReader {

    /** The HPA's validation bounds (autoscaling/v2 HPAScalingRules and HPAScalingPolicy). */
    static final int MAX_STABILIZATION_WINDOW_SECONDS = 3600;
    static final int MAX_PERIOD_SECONDS = 1800;

    private static final List<String> BEHAVIOR = List.of("scaleUp", "scaleDown");
    private static final List<String> RULES = List.of("stabilizationWindowSeconds", "selectPolicy", "policies", "tolerance");
    private static final List<String> RATE_POLICY = List.of("type", "value", "periodSeconds");

    private final Problems problems;

    BehaviorReader(Problems problems) {
        this.problems = problems;
    }

    Optional<Behavior> read(Fields spec, Behavior defaults) {
        return spec.section("behavior", BEHAVIOR, defaults, behavior -> behavior(behavior, defaults));
    }

    private Supplier<Behavior> behavior(Fields behavior, Behavior defaults) {
        Optional<Rules> up = behavior.section("scaleUp", RULES, defaults.scaleUp(),
                rules -> rules(rules, defaults.scaleUp()));
        Optional<Rules> down = behavior.section("scaleDown", RULES, defaults.scaleDown(),
                rules -> rules(rules, defaults.scaleDown()));
        return () -> new Behavior(up.orElseThrow(), down.orElseThrow());
    }

    private Supplier<Rules> rules(Fields rules, Rules defaults) {
        int window = rules.integer("stabilizationWindowSeconds", 0, MAX_STABILIZATION_WINDOW_SECONDS)
                .orElse(defaults.stabilizationWindowSeconds());
        SelectPolicy select = rules.choice("selectPolicy", SelectPolicy.class).orElse(defaults.selectPolicy());
        List<RatePolicy> policies = rules.has("policies") ? policies(rules) : defaults.policies();
        double tolerance = rules.number("tolerance", value -> value >= 0 && value < 1, "within [0, 1)")
                .orElse(defaults.tolerance());
        return () -> new Rules(window, select, policies, tolerance);
    }

    private List<RatePolicy> policies(Fields rules) {
        int before = problems.count();
        List<Fields> items = rules.list("policies", RATE_POLICY).orElse(List.of());
        if (items.isEmpty() && problems.count() == before) {
            rules.report("policies", "must list at least one policy (leave policies out for the defaults)");
        }
        List<RatePolicy> policies = new ArrayList<>();
        for (Fields item : items) {
            item.require("type", "value", "periodSeconds");
            var type = item.choice("type", RatePolicy.Type.class);
            var value = item.integer("value", 1);
            var period = item.integer("periodSeconds", 1, MAX_PERIOD_SECONDS);
            if (type.isPresent() && value.isPresent() && period.isPresent()) {
                policies.add(new RatePolicy(type.get(), value.getAsInt(), period.getAsInt()));
            }
        }
        return policies;
    }
}
