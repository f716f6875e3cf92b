package io.queueautoscaler.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz job for a cluster-wide chore (e.g. history retention): each firing runs on one node.
 * The task itself lives in the node's scheduler context, registered by {@link PolicyScheduler#every}.
 */
@DisallowConcurrentExecution
public final class HousekeepingJob extends InterruptibleJob {
    private static final Logger LOG = LoggerFactory.getLogger(HousekeepingJob.class);
    static final String TASK_PREFIX = "housekeeping.";

    @Override
    void run(JobExecutionContext context) {
        String name = context.getJobDetail().getKey().getName();
        Object task;
        try {
            task = context.getScheduler().getContext().get(TASK_PREFIX + name);
        } catch (SchedulerException e) {
            throw new IllegalStateException("scheduler context is unreadable", e);
        }
        if (task instanceof Runnable runnable) {
            try {
                runnable.run();
            } catch (RuntimeException e) {
                // A chore that fails this hour is tried again at its next firing.
                LOG.warn("housekeeping task {} failed: {}", name, e.toString());
            }
        } else {
            LOG.warn("housekeeping task {} fired on a node that does not run it (an older version?); skipped", name);
        }
    }
}
