package io.queueautoscaler.schedule;

import io.dropwizard.lifecycle.Managed;
import io.queueautoscaler.policy.ScalingPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.quartz.DateBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Quartz job per policy, firing every {@code evaluationIntervalSeconds}, and a job per
 * housekeeping chore. The schedule follows the policy set: {@link #sync} adds, reschedules and
 * removes jobs. A late run is not replayed (misfires fire once, then keep the interval).
 *
 * <p>Alone, the jobs live in memory. Clustered, they live in the database and every daemon on it
 * is a node of one Quartz cluster: each firing runs on exactly one node, and when a node leaves
 * (SIGTERM) or dies the others fire its jobs.
 */
public final class PolicyScheduler implements Managed {
    static final String POLICIES = "policies";
    static final String HOUSEKEEPING = "housekeeping";
    /** Every node of one cluster must use the same scheduler name: it is the cluster's key in Quartz's tables. */
    private static final String CLUSTER_NAME = "queue-autoscaler";
    private static final AtomicInteger DATA_SOURCES = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(PolicyScheduler.class);
    /** How long a stop may take when nothing says otherwise: the evaluations' AWS calls end within aws.apiCallTimeout (10 s). */
    public static final Duration DEFAULT_STOP = Duration.ofSeconds(15);
    /** The part of a stop left to the ticks interrupted at its end. */
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);

    private final Scheduler scheduler;

    private PolicyScheduler(Properties props, PolicyEvaluator evaluator) throws SchedulerException {
        props.setProperty("org.quartz.scheduler.instanceName", CLUSTER_NAME);
        props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        props.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        scheduler = new StdSchedulerFactory(props).getScheduler();
        // Quartz keeps schedulers in a JVM-wide registry by name and would hand this one to the
        // next factory; each PolicyScheduler owns its own (tests run two nodes in one JVM).
        SchedulerRepository.getInstance().remove(CLUSTER_NAME);
        scheduler.getContext().put(EvaluatePolicyJob.EVALUATOR, evaluator);
    }

    /** Jobs in memory: one daemon alone (the embedded default). */
    public static PolicyScheduler inMemory(PolicyEvaluator evaluator, int threads) throws SchedulerException {
        Properties props = new Properties();
        props.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        return new PolicyScheduler(props, evaluator);
    }

    /**
     * Jobs in the database, as the node {@code node} of the cluster of every daemon on it.
     * Quartz's tables come from the schema migrations.
     */
    public static PolicyScheduler clustered(PolicyEvaluator evaluator, DataSource dataSource, String node,
                                            int threads, Duration checkinInterval) throws SchedulerException {
        String dataSourceName = CLUSTER_NAME + "-" + DATA_SOURCES.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new DataSourceConnectionProvider(dataSource));
        Properties props = new Properties();
        props.setProperty("org.quartz.scheduler.instanceId", node);
        props.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        props.setProperty("org.quartz.jobStore.class", ClusterJobStore.class.getName());
        props.setProperty("org.quartz.jobStore.driverDelegateClass", delegateFor(dataSource));
        props.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        props.setProperty("org.quartz.jobStore.isClustered", "true");
        props.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinInterval.toMillis()));
        // Job data as text, not serialized Java objects: any version of the daemon can read it.
        props.setProperty("org.quartz.jobStore.useProperties", "true");
        // Each node takes due triggers in batches under one lock, rather than one lock per trigger:
        // with a thousand policies that is the difference between a few and 70 lock rounds a second.
        props.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(threads));
        props.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // A node with nothing due looks again after 1 s (Quartz's default is 30 s), so it takes
        // over the triggers of a node that left without waiting for a local schedule change.
        props.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
        return new PolicyScheduler(props, evaluator);
    }

    private static String delegateFor(DataSource dataSource) throws SchedulerException {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
                    : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
        } catch (SQLException e) {
            throw new SchedulerException("cannot reach the database for the clustered scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * Makes the scheduled jobs match the given policies. A policy whose job already fires at its
     * interval keeps its trigger, so a node that starts or reloads does not shift the ticks the
     * other nodes run.
     */
    public synchronized void sync(Collection<ScalingPolicy> policies) {
        try {
            Set<String> wanted = policies.stream().map(ScalingPolicy::name).collect(Collectors.toSet());
            for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(POLICIES))) {
                if (!wanted.contains(key.getName())) {
                    scheduler.deleteJob(key);
                }
            }
            for (ScalingPolicy policy : policies) {
                JobDetail job = JobBuilder.newJob(EvaluatePolicyJob.class)
                        .withIdentity(policy.name(), POLICIES)
                        .usingJobData(EvaluatePolicyJob.POLICY, policy.name())
                        .build();
                ensure(job, Duration.ofSeconds(policy.evaluationIntervalSeconds()), Duration.ZERO);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule policies: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code task} every {@code interval}, first after {@code firstAfter}: once per cluster
     * when clustered (each firing on one node), on this daemon alone otherwise. Every node
     * registers the task it would run; the first one to start schedules it.
     */
    public synchronized void every(String name, Duration firstAfter, Duration interval, Runnable task) {
        try {
            scheduler.getContext().put(HousekeepingJob.TASK_PREFIX + name, task);
            JobDetail job = JobBuilder.newJob(HousekeepingJob.class).withIdentity(name, HOUSEKEEPING).build();
            ensure(job, interval, firstAfter);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule housekeeping task " + name + ": " + e.getMessage(), e);
        }
    }

    /** Schedules the job unless it already fires at this interval; replaces it when the interval changed. */
    private void ensure(JobDetail job, Duration interval, Duration firstAfter) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(job.getKey().getName(), job.getKey().getGroup());
        Trigger existing = scheduler.getTrigger(key);
        if (existing instanceof SimpleTrigger simple && simple.getRepeatInterval() == interval.toMillis()
                && existing.getJobKey().equals(job.getKey())) {
            return;
        }
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(key)
                .forJob(job)
                .startAt(DateBuilder.futureDate((int) firstAfter.toMillis(), DateBuilder.IntervalUnit.MILLISECOND))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        // Replaces job and trigger in one transaction; a node that sees a job mid-way never sees half of it.
        scheduler.scheduleJob(job, Set.of(trigger), true);
    }

    /** The names of the policies that have a job (in the cluster, when clustered). */
    public Set<String> scheduled() {
        try {
            return scheduler.getJobKeys(GroupMatcher.jobGroupEquals(POLICIES)).stream()
                    .map(JobKey::getName).collect(Collectors.toUnmodifiableSet());
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot read the schedule: " + e.getMessage(), e);
        }
    }

    public boolean running() {
        try {
            return scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
        } catch (SchedulerException e) {
            return false;
        }
    }

    @Override
    public void start() throws SchedulerException {
        scheduler.start();
    }

    /** Stops within {@link #DEFAULT_STOP}; see {@link #stop(Duration)}. */
    @Override
    public void stop() throws SchedulerException {
        stop(DEFAULT_STOP);
    }

    /**
     * Stops within {@code within}, whatever AWS does. No tick fires here any more (clustered, the
     * jobs stay in the database and the other nodes fire the next ticks); the ticks running get
     * until {@link #INTERRUPT_GRACE} before the end to finish, then their threads are interrupted:
     * an interrupted evaluation ends at its next wait or when the AWS call attempt in flight ends
     * (aws.apiCallAttemptTimeout), and records a failed decision if the database still answers.
     */
    public void stop(Duration within) throws SchedulerException {
        long deadline = System.nanoTime() + within.toNanos();
        scheduler.standby();
        boolean idle = awaitIdle(deadline - INTERRUPT_GRACE.toNanos());
        if (!idle) {
            List<JobExecutionContext> running = scheduler.getCurrentlyExecutingJobs();
            LOG.warn("stopping: {} tick(s) still running, interrupting them: {}. A policy whose tick was cut short "
                    + "is evaluated again at its next tick, on another node or after the restart",
                    running.size(), names(running));
            for (JobExecutionContext job : running) {
                scheduler.interrupt(job.getFireInstanceId());
            }
            idle = awaitIdle(deadline);
        }
        if (!idle) {
            LOG.warn("stopping without waiting for tick(s) that did not end when interrupted: {}",
                    names(scheduler.getCurrentlyExecutingJobs()));
        }
        scheduler.shutdown(idle);
    }

    /** Whether no job runs here any more by {@code deadline} (a System.nanoTime value); looks every 50 ms. */
    private boolean awaitIdle(long deadline) throws SchedulerException {
        while (!scheduler.getCurrentlyExecutingJobs().isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static List<String> names(List<JobExecutionContext> jobs) {
        return jobs.stream().map(job -> job.getJobDetail().getKey().getName()).toList();
    }
}
