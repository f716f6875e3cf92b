package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.QueueSpec;

import java.util.Locale;

/**
 * A queue whose oldest message has waited past its target. While its backlog still grows, the
 * capacity planned so far is not enough, whatever the estimates said: the queue gets at least the
 * instances that would turn the observed growth into a drain once they serve, and the most
 * capacity when no capacity starts its messages in time. Capacity never stops growing while a
 * late backlog grows.
 */
record Late(String queue, double age, int target, long waiting, long growth, int need, boolean toMax) {

    static final Late NOT_LATE = new Late("", 0, 1, 0, 0, 0, false);

    static Late of(QueueSpec spec, double age, QueueFlow flow, Supply supply, double perInstance, int intervalSeconds,
                   boolean unreachable, int maxCapacity) {
        if (age <= spec.targetWaitSeconds() || flow.waiting() == 0) {
            return NOT_LATE;
        }
        long growth = flow.waitingGrowth();
        if (unreachable) {
            return new Late(spec.name(), age, spec.targetWaitSeconds(), flow.waiting(), growth,
                    Math.max(maxCapacity, supply.current()), true);
        }
        int need = 0;
        if (growth > 0) {
            // The growth was seen with the instances in service: each one more takes perInstance
            // msg/s off it, and one beyond those makes the backlog shrink. Pending instances count
            // towards them, so a scale-out that has not landed yet is not repeated.
            need = supply.serving() + Numbers.ceil(growth / (double) intervalSeconds / perInstance) + 1;
        }
        return new Late(spec.name(), age, spec.targetWaitSeconds(), flow.waiting(), growth, need, false);
    }

    boolean isLate() {
        return this != NOT_LATE;
    }

    /** This queue needing {@code queueNeed} all told: its deadlines' need, when more than this rule's own. */
    Late needing(int queueNeed) {
        return isLate() ? new Late(queue, age, target, waiting, growth, Math.max(need, queueNeed), toMax) : this;
    }

    String describe(Throughput throughput) {
        String grows = growth > 0 ? "grew by " + growth : growth < 0 ? "shrank by " + -growth : "did not shrink";
        String sizing = toMax ? "no capacity starts it in time: needs the most allowed, " + need
                : growth > 0 ? "scale out until it shrinks: needs " + need : "needs " + need;
        double past = age - target;
        return String.format(Locale.ROOT, "%s is late: its oldest message has waited %.0f s, %s s past its %d s target;"
                + " backlog %d %s since the last evaluation; %s at %s", queue, age,
                past < 10 ? String.format(Locale.ROOT, "%.1f", past) : String.format(Locale.ROOT, "%.0f", past), target,
                waiting, grows, sizing, throughput.describe());
    }
}
