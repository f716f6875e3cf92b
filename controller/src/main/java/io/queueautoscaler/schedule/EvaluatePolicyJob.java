package io.queueautoscaler.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;

/**
 * Quartz job that evaluates one policy. Concurrent execution is disallowed, so one policy is
 * never evaluated twice at once; a run that overruns its interval delays the next one.
 */
@DisallowConcurrentExecution
public final class EvaluatePolicyJob implements Job {
    static final String POLICY = "policy";
    static final String EVALUATOR = "evaluator";

    @Override
    public void execute(JobExecutionContext context) {
        try {
            PolicyEvaluator evaluator = (PolicyEvaluator) context.getScheduler().getContext().get(EVALUATOR);
            evaluator.evaluate(context.getMergedJobDataMap().getString(POLICY));
        } catch (SchedulerException e) {
            throw new IllegalStateException("scheduler context is missing its evaluator", e);
        }
    }
}
