package io.queueautoscaler.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;

/**
 * Quartz job that evaluates one tick of the policies of one shard (see {@link ShardEvaluations}).
 * Concurrent execution is disallowed (across the cluster too), so a shard's next tick waits for
 * its current one and one policy is never evaluated twice at once; a tick that overruns its
 * interval delays the next one of its shard.
 */
@DisallowConcurrentExecution
public final class EvaluateShardJob extends InterruptibleJob {
    static final String INTERVAL_SECONDS = "intervalSeconds";
    static final String INDEX = "shard";
    static final String EVALUATIONS = "evaluations";

    @Override
    void run(JobExecutionContext context) {
        ShardEvaluations evaluations;
        try {
            evaluations = (ShardEvaluations) context.getScheduler().getContext().get(EVALUATIONS);
        } catch (SchedulerException e) {
            throw new IllegalStateException("scheduler context is missing its evaluations", e);
        }
        JobDataMap data = context.getMergedJobDataMap();
        Shard shard = new Shard(Integer.parseInt(data.getString(INTERVAL_SECONDS)), Integer.parseInt(data.getString(INDEX)));
        evaluations.evaluate(shard, context.getScheduledFireTime().toInstant());
    }
}
