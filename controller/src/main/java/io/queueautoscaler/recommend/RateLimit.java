package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.Behavior;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HPA's convertDesiredReplicasWithBehaviorRate: each policy allows a change per period
 * relative to the capacity at the start of its period (the current capacity minus the scale
 * events inside the period, as getReplicasChangePerPeriod counts them); selectPolicy Max takes
 * the policy allowing the most change, Min the least, Disabled forbids the direction. Percent
 * rounds a scale-out up and a scale-in down, as the HPA does. Two departures from it: a rule
 * without policies does not limit, and a Percent policy lets a group at zero start one instance
 * (the HPA never sits at zero; KEDA activates to one for it).
 */
final class RateLimit {
    private RateLimit() {
    }

    static Optional<Stage> apply(Behavior behavior, int current, int proposed, List<ScaleEvent> events, Instant now,
                                 int intervalSeconds) {
        if (proposed > current) {
            Limit limit = upLimit(behavior.scaleUp(), current, events, now, intervalSeconds);
            if (proposed > limit.capacity()) {
                return Optional.of(new Stage("rateLimit", limit.capacity(),
                        limit.disabled() ? Reason.SCALING_DISABLED : Reason.SCALE_UP_LIMIT,
                        limit.describe("scale-up", proposed)));
            }
        } else if (proposed < current) {
            Limit limit = downLimit(behavior.scaleDown(), current, events, now, intervalSeconds);
            if (proposed < limit.capacity()) {
                return Optional.of(new Stage("rateLimit", limit.capacity(),
                        limit.disabled() ? Reason.SCALING_DISABLED : Reason.SCALE_DOWN_LIMIT,
                        limit.describe("scale-down", proposed)));
            }
        }
        return Optional.empty();
    }

    static Limit upLimit(Behavior.Rules rules, int current, List<ScaleEvent> events, Instant now, int intervalSeconds) {
        if (rules.selectPolicy() == Behavior.SelectPolicy.Disabled) {
            return new Limit(current, true, List.of());
        }
        if (rules.policies().isEmpty()) {
            return new Limit(Integer.MAX_VALUE, false, List.of());
        }
        boolean max = rules.selectPolicy() == Behavior.SelectPolicy.Max;
        long result = max ? Long.MIN_VALUE : Long.MAX_VALUE;
        List<String> terms = new ArrayList<>();
        for (Behavior.RatePolicy policy : rules.policies()) {
            int start = periodStart(current, events, policy.periodSeconds(), now, intervalSeconds);
            long proposed = switch (policy.type()) {
                case Instances -> (long) start + policy.value();
                case Percent -> Math.max(start == 0 ? 1 : 0, (long) Math.ceil(start * (1 + policy.value() / 100.0)));
            };
            result = max ? Math.max(result, proposed) : Math.min(result, proposed);
            terms.add(term(policy, start, proposed));
        }
        int capacity = (int) Math.min(Integer.MAX_VALUE, Math.max(result, current));
        return new Limit(capacity, false, terms, rules.selectPolicy(), result < current);
    }

    static Limit downLimit(Behavior.Rules rules, int current, List<ScaleEvent> events, Instant now, int intervalSeconds) {
        if (rules.selectPolicy() == Behavior.SelectPolicy.Disabled) {
            return new Limit(current, true, List.of());
        }
        if (rules.policies().isEmpty()) {
            return new Limit(0, false, List.of());
        }
        boolean max = rules.selectPolicy() == Behavior.SelectPolicy.Max;
        long result = max ? Long.MAX_VALUE : Long.MIN_VALUE;
        List<String> terms = new ArrayList<>();
        for (Behavior.RatePolicy policy : rules.policies()) {
            int start = periodStart(current, events, policy.periodSeconds(), now, intervalSeconds);
            long proposed = switch (policy.type()) {
                case Instances -> (long) start - policy.value();
                case Percent -> (long) (start * (1 - policy.value() / 100.0));
            };
            result = max ? Math.min(result, proposed) : Math.max(result, proposed);
            terms.add(term(policy, start, Math.max(0, proposed)));
        }
        int capacity = (int) Math.max(0, Math.min(result, current));
        return new Limit(capacity, false, terms, rules.selectPolicy(), result > current);
    }

    /** getReplicasChangePerPeriod: the capacity before the scale events inside the period (see {@link Windows}). */
    static int periodStart(int current, List<ScaleEvent> events, int periodSeconds, Instant now, int intervalSeconds) {
        long start = current;
        for (ScaleEvent event : events) {
            if (Windows.within(event.time(), now, periodSeconds, intervalSeconds)) {
                start -= event.change();
            }
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, start));
    }

    private static String term(Behavior.RatePolicy policy, int start, long proposed) {
        String amount = policy.type() == Behavior.RatePolicy.Type.Percent ? policy.value() + "%"
                : Numbers.plural(policy.value(), "instance");
        return amount + " per " + policy.periodSeconds() + " s from " + start + " allows " + proposed;
    }

    /**
     * The furthest a direction may go now, and the policy arithmetic behind it; {@code current}
     * when the capacity is the current one because the group is already past what the rules allow
     * (a limit never takes back a change already made).
     */
    record Limit(int capacity, boolean disabled, List<String> terms, Behavior.SelectPolicy select, boolean current) {
        Limit(int capacity, boolean disabled, List<String> terms) {
            this(capacity, disabled, terms, Behavior.SelectPolicy.Disabled, false);
        }

        String describe(String direction, int proposed) {
            if (disabled) {
                return direction + " is disabled (selectPolicy Disabled): " + capacity + " instead of " + proposed;
            }
            return direction + " limit " + capacity + " instead of " + proposed + " (" + select + " of "
                    + String.join(", ", terms) + (current ? "; the group is already at " + capacity + ", which stays" : "")
                    + ")";
        }
    }
}
