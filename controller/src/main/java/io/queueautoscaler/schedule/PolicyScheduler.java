package io.queueautoscaler.schedule;

import io.dropwizard.lifecycle.Managed;
import io.queueautoscaler.policy.ScalingPolicy;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * One Quartz job per policy, firing every {@code evaluationIntervalSeconds}. The schedule
 * follows the policy set: {@link #sync} adds, reschedules and removes jobs. A late run is not
 * replayed (misfires fire once, then keep the interval).
 */
public final class PolicyScheduler implements Managed {
    private static final String GROUP = "policies";

    private final Scheduler scheduler;
    private final Map<String, Integer> intervals = new HashMap<>();

    public PolicyScheduler(PolicyEvaluator evaluator, int threads) throws SchedulerException {
        Properties props = new Properties();
        props.setProperty("org.quartz.scheduler.instanceName", "queue-autoscaler");
        props.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        props.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        scheduler = new StdSchedulerFactory(props).getScheduler();
        scheduler.getContext().put(EvaluatePolicyJob.EVALUATOR, evaluator);
    }

    /** Makes the scheduled jobs match the given policies. */
    public synchronized void sync(Collection<ScalingPolicy> policies) {
        try {
            Set<String> wanted = policies.stream().map(ScalingPolicy::name).collect(Collectors.toSet());
            for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
                if (!wanted.contains(key.getName())) {
                    scheduler.deleteJob(key);
                    intervals.remove(key.getName());
                }
            }
            for (ScalingPolicy policy : policies) {
                Integer interval = intervals.get(policy.name());
                if (interval == null || interval != policy.evaluationIntervalSeconds()) {
                    schedule(policy);
                }
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule policies: " + e.getMessage(), e);
        }
    }

    /** The names of the policies that have a job. */
    public synchronized Set<String> scheduled() {
        return Set.copyOf(intervals.keySet());
    }

    public boolean running() {
        try {
            return scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
        } catch (SchedulerException e) {
            return false;
        }
    }

    private void schedule(ScalingPolicy policy) throws SchedulerException {
        JobKey key = JobKey.jobKey(policy.name(), GROUP);
        scheduler.deleteJob(key);
        JobDetail job = JobBuilder.newJob(EvaluatePolicyJob.class)
                .withIdentity(key)
                .usingJobData(EvaluatePolicyJob.POLICY, policy.name())
                .build();
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(policy.name(), GROUP)
                .startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInSeconds(policy.evaluationIntervalSeconds())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        scheduler.scheduleJob(job, trigger);
        intervals.put(policy.name(), policy.evaluationIntervalSeconds());
    }

    @Override
    public void start() throws SchedulerException {
        scheduler.start();
    }

    @Override
    public void stop() throws SchedulerException {
        scheduler.shutdown(true);
    }
}
