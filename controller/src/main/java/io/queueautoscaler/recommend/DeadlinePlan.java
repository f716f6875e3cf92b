package io.queueautoscaler.recommend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The least capacity that starts one queue's messages by their deadlines: those waiting, dated
 * by the estimator's arrival marks (a mark says how many of the waiting messages had arrived by
 * then, hence their place in line and their deadline), and those arriving, at the fast rate,
 * until a decision taken at the next evaluation could land; later arrivals are that decision's
 * to serve. Capacity meets a deadline monotonically, so a binary search finds the least.
 */
final class DeadlinePlan {
    /** Points checked for the arrivals before the next decision could land. */
    private static final int LOOKAHEAD_POINTS = 8;

    private final Supply supply;
    private final int upper;
    private final double reactionSeconds;
    /** Whether the last queue planned has a message that not even the most capacity starts in time. */
    private boolean unreachable;

    /** {@code upper}: the most capacity considered; {@code reactionSeconds}: warmup plus one evaluation. */
    DeadlinePlan(Supply supply, int upper, double reactionSeconds) {
        this.supply = supply;
        this.upper = upper;
        this.reactionSeconds = reactionSeconds;
    }

    /**
     * The least capacity for {@code flow}, planning on {@code plan} seconds of its {@code target}
     * wait, behind {@code aheadWork} messages of higher-priority queues arriving at {@code aheadRate}.
     */
    boolean unreachable() {
        return unreachable;
    }

    int leastCapacity(QueueFlow flow, double plan, double target, double aheadWork, double aheadRate, Instant now) {
        List<Deadline> deadlines = new ArrayList<>();
        if (flow.waiting() > 0) {
            deadlines.add(new Deadline(plan - Numbers.seconds(flow.oldestWaitingArrival(), now), aheadWork + 1, aheadRate));
        }
        double head = flow.cumulativeArrivals() - flow.waiting();
        for (ArrivalMark mark : flow.marks()) {
            if (mark.cumulative() > head) {
                double position = Math.min(flow.waiting(), mark.cumulative() - head);
                deadlines.add(new Deadline(plan - Numbers.seconds(mark.time(), now), aheadWork + position + 1, aheadRate));
            }
        }
        double horizon = Math.max(0, reactionSeconds - plan);
        for (int k = 1; horizon > 0 && k <= LOOKAHEAD_POINTS; k++) {
            double after = horizon * k / LOOKAHEAD_POINTS;
            deadlines.add(new Deadline(after + plan, aheadWork + flow.waiting() + flow.fastRate() * after, aheadRate));
        }
        List<Deadline> reachable = reachable(deadlines, plan, target - plan);
        return unreachable ? upper : least(reachable);
    }

    /**
     * The deadlines some capacity up to {@code upper} can meet. A message none can start in time
     * is late whatever is decided; two weaker deadlines replace its own: until its real target
     * passes the group does for it at least what the current capacity does (no scale-in while
     * late messages wait), and it starts within one plan after new instances land. When not even
     * that can be met, {@link #unreachable} is set: the most capacity is what starts it soonest,
     * and a plan that gave up on it would leave the backlog to grow.
     */
    private List<Deadline> reachable(List<Deadline> deadlines, double plan, double grace) {
        unreachable = false;
        List<Deadline> kept = new ArrayList<>();
        double relaxed = supply.warmupSeconds() + plan;
        for (Deadline deadline : deadlines) {
            if (deadline.metBy(supply, upper)) {
                kept.add(deadline);
                continue;
            }
            double target = deadline.seconds() + grace;
            if (target > 0) {
                kept.add(new Deadline(target, supply.work(supply.current(), target), 0));
            }
            Deadline later = deadline.movedTo(relaxed);
            if (deadline.seconds() < relaxed && later.metBy(supply, upper)) {
                kept.add(later);
            } else {
                unreachable = true;
            }
        }
        return kept;
    }

    private int least(List<Deadline> deadlines) {
        int low = 0;
        int high = upper;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (meetsAll(deadlines, middle)) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    private boolean meetsAll(List<Deadline> deadlines, int capacity) {
        for (Deadline deadline : deadlines) {
            if (!deadline.metBy(supply, capacity)) {
                return false;
            }
        }
        return true;
    }
}
