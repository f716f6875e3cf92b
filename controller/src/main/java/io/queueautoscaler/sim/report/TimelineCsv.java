package io.queueautoscaler.sim.report;

import io.queueautoscaler.sim.RunResult;
import io.queueautoscaler.sim.TimelineRow;
import java.util.List;

/**
 * timeline.csv: {@code second,algorithm,desired,inService,busySlots,backlog,backlog.0,...}, one row
 * per run per evaluation; backlog is visible (waiting) messages, summed and per queue.
 */
public final class TimelineCsv {
    private TimelineCsv() {
    }

    public static String write(List<RunResult> runs, int queues) {
        StringBuilder csv = new StringBuilder("second,algorithm,desired,inService,busySlots,backlog");
        for (int q = 0; q < queues; q++) {
            csv.append(",backlog.").append(q);
        }
        csv.append('\n');
        for (RunResult run : runs) {
            for (TimelineRow row : run.timeline()) {
                csv.append(row.second()).append(',').append(run.algorithm()).append(',').append(row.desired())
                        .append(',').append(row.inService()).append(',').append(row.busySlots())
                        .append(',').append(row.totalBacklog());
                for (long b : row.backlog()) {
                    csv.append(',').append(b);
                }
                csv.append('\n');
            }
        }
        return csv.toString();
    }
}
