package io.queueautoscaler.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;

/**
 * Quartz job that evaluates one tick of one policy. Concurrent execution is disallowed (across
 * the cluster too), so one policy is never evaluated twice at once; a run that overruns its
 * interval delays the next one.
 */
@DisallowConcurrentExecution
public final class EvaluatePolicyJob extends InterruptibleJob {
    static final String POLICY = "policy";
    static final String EVALUATOR = "evaluator";

    @Override
    void run(JobExecutionContext context) {
        PolicyEvaluator evaluator;
        try {
            evaluator = (PolicyEvaluator) context.getScheduler().getContext().get(EVALUATOR);
        } catch (SchedulerException e) {
            throw new IllegalStateException("scheduler context is missing its evaluator", e);
        }
        evaluator.evaluate(new Tick(context.getMergedJobDataMap().getString(POLICY),
                context.getScheduledFireTime().toInstant(), context.getFireTime().toInstant()));
    }
}
