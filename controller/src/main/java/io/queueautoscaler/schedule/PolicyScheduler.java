package io.queueautoscaler.schedule;

import io.dropwizard.lifecycle.Managed;
import io.queueautoscaler.policy.ScalingPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
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
 * One Quartz job per {@link Shard} of policies, firing every {@code evaluationIntervalSeconds} of
 * its policies and evaluating each of them (see {@link ShardEvaluations}), and a job per
 * housekeeping chore. The schedule follows the policy set: {@link #sync} adds and removes shards;
 * a shard's tick evaluates the policies this node has in it when the tick starts. A late tick is
 * not replayed (misfires fire once, then keep the interval).
 *
 * <p>Alone, the jobs live in memory, and a new shard fires once at once, so a daemon decides
 * right after it starts. Clustered, they live in the database and every daemon on it is a node
 * of one Quartz cluster: each firing runs on exactly one node, and when a node leaves (SIGTERM) or
 * dies the others fire its jobs.
 */
public final class PolicyScheduler implements Managed {
    static final String SHARDS = "shards";
    /** The group of the one-job-per-policy schedule of earlier versions, removed by {@link #sync}. */
    static final String LEGACY_POLICIES = "policies";
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
    private final ShardEvaluations evaluations;
    private final boolean clustered;

    private PolicyScheduler(Properties props, PolicyEvaluator evaluator, int threads, boolean clustered)
            throws SchedulerException {
        // A shard's job only waits for its policies' evaluations, which run on their own pool.
        props.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        props.setProperty("org.quartz.scheduler.instanceName", CLUSTER_NAME);
        props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        props.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        scheduler = new StdSchedulerFactory(props).getScheduler();
        // Quartz keeps schedulers in a JVM-wide registry by name and would hand this one to the
        // next factory; each PolicyScheduler owns its own (tests run two nodes in one JVM).
        SchedulerRepository.getInstance().remove(CLUSTER_NAME);
        evaluations = new ShardEvaluations(evaluator, threads);
        scheduler.getContext().put(EvaluateShardJob.EVALUATIONS, evaluations);
        this.clustered = clustered;
    }

    /** Jobs in memory: one daemon alone (the embedded default). */
    public static PolicyScheduler inMemory(PolicyEvaluator evaluator, int threads) throws SchedulerException {
        Properties props = new Properties();
        props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        return new PolicyScheduler(props, evaluator, threads, false);
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
        props.setProperty("org.quartz.jobStore.class", ClusterJobStore.class.getName());
        props.setProperty("org.quartz.jobStore.driverDelegateClass", delegateFor(dataSource));
        props.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        props.setProperty("org.quartz.jobStore.isClustered", "true");
        props.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinInterval.toMillis()));
        // Job data as text, not serialized Java objects: any version of the daemon can read it.
        props.setProperty("org.quartz.jobStore.useProperties", "true");
        // A node takes the triggers due at once (after a pause, or shards of several intervals at
        // one phase) in one round under the cluster-wide lock, not one round each. The shards of one
        // interval fire at distinct phases, about 4 a second for 64 shards at 15 s, one per round:
        // the lock is taken a few times a second, not 70 times as with one trigger per policy.
        props.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(threads));
        props.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // A node with nothing due looks again after 1 s (Quartz's default is 30 s), so it takes
        // over the triggers of a node that left without waiting for a local schedule change.
        props.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
        return new PolicyScheduler(props, evaluator, threads, true);
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
     * Makes the scheduled shards match the given policies: a job for each shard that has a policy,
     * none for the others. A shard whose job already exists keeps its trigger, so a node that
     * starts or reloads does not shift the ticks the other nodes run, and a policy keeps its ticks
     * when others are added or removed. Removes the per-policy jobs of earlier versions, which
     * would otherwise fire beside the shards.
     */
    public synchronized void sync(Collection<ScalingPolicy> policies) {
        try {
            evaluations.assign(policies);
            Set<String> wanted = evaluations.members().keySet().stream().map(Shard::jobName).collect(Collectors.toSet());
            Set<JobKey> legacy = scheduler.getJobKeys(GroupMatcher.jobGroupEquals(LEGACY_POLICIES));
            if (!legacy.isEmpty()) {
                scheduler.deleteJobs(List.copyOf(legacy));
                LOG.info("removed the {} per-policy job(s) of an earlier version; the policies are evaluated in {} shard(s)",
                        legacy.size(), wanted.size());
            }
            for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(SHARDS))) {
                if (!wanted.contains(key.getName())) {
                    delete(key);
                }
            }
            for (Shard shard : evaluations.members().keySet()) {
                JobDetail job = JobBuilder.newJob(EvaluateShardJob.class)
                        .withIdentity(shard.jobName(), SHARDS)
                        .usingJobData(EvaluateShardJob.INTERVAL_SECONDS, Integer.toString(shard.intervalSeconds()))
                        .usingJobData(EvaluateShardJob.INDEX, Integer.toString(shard.index()))
                        .build();
                if (ensure(job, shard.interval(), shard.firstTickAfter(Instant.now())) && !clustered) {
                    scheduler.triggerJob(job.getKey());
                }
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule policies: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes a shard's job and its triggers. Quartz lists the job's triggers, then removes each,
     * and fails when one has ended in between: the one-shot trigger that starts a new shard at
     * once (alone, see {@link #sync}) ends by itself when it fires. A second attempt removes the
     * triggers left.
     */
    private void delete(JobKey key) throws SchedulerException {
        try {
            scheduler.deleteJob(key);
        } catch (SchedulerException e) {
            if (scheduler.checkExists(key)) {
                scheduler.deleteJob(key);
            }
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
            ensure(job, interval, Instant.now().plus(firstAfter));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule housekeeping task " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Schedules the job, first at {@code firstAt}, unless it already fires at this interval;
     * replaces it when the interval changed, and when Quartz gave up on it (state ERROR: a node
     * could not load the job, e.g. an older version that has no such job). True when it
     * scheduled the job.
     */
    private boolean ensure(JobDetail job, Duration interval, Instant firstAt) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(job.getKey().getName(), job.getKey().getGroup());
        Trigger existing = scheduler.getTrigger(key);
        if (existing instanceof SimpleTrigger simple && simple.getRepeatInterval() == interval.toMillis()
                && existing.getJobKey().equals(job.getKey())) {
            if (scheduler.getTriggerState(key) != Trigger.TriggerState.ERROR) {
                return false;
            }
            LOG.warn("the trigger of {} was in error (a node could not run its job); scheduling it again", key.getName());
        }
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(key)
                .forJob(job)
                .startAt(Date.from(firstAt))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        // Replaces job and trigger in one transaction; a node that sees a job mid-way never sees half of it.
        scheduler.scheduleJob(job, Set.of(trigger), true);
        return true;
    }

    /** The names of this node's policies whose shard has a job (in the cluster, when clustered). */
    public Set<String> scheduled() {
        try {
            Set<String> jobs = scheduler.getJobKeys(GroupMatcher.jobGroupEquals(SHARDS)).stream()
                    .map(JobKey::getName).collect(Collectors.toSet());
            return evaluations.members().entrySet().stream().filter(e -> jobs.contains(e.getKey().jobName()))
                    .flatMap(e -> e.getValue().stream()).collect(Collectors.toUnmodifiableSet());
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
        evaluations.shutdown();
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

    /** The jobs, a shard's with its policies on this node. */
    private List<String> names(List<JobExecutionContext> jobs) {
        Map<String, List<String>> policies = evaluations.members().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().jobName(), Map.Entry::getValue));
        return jobs.stream().map(job -> job.getJobDetail().getKey().getName())
                .map(name -> policies.containsKey(name) ? name + " " + policies.get(name) : name).toList();
    }
}
