package io.queueautoscaler.sim;

import java.util.List;
import java.util.Objects;

/**
 * One algorithm run: its summary, its timeline and, for the report, the longest wait among the
 * messages that arrived in each minute.
 */
public record RunResult(Summary summary, List<TimelineRow> timeline, double[] maxWaitByArrivalMinute) {
    public RunResult {
        Objects.requireNonNull(summary, "summary");
        timeline = List.copyOf(timeline);
        Objects.requireNonNull(maxWaitByArrivalMinute, "maxWaitByArrivalMinute");
    }

    public String algorithm() {
        return summary.algorithm();
    }

    public RunResult tuned(String name, Tuning how) {
        return new RunResult(summary.tuned(name, how), timeline, maxWaitByArrivalMinute);
    }
}
