package io.queueautoscaler;

import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.queueautoscaler.api.DecisionsResource;
import io.queueautoscaler.api.InterventionsResource;
import io.queueautoscaler.api.JsonBodyMapper;
import io.queueautoscaler.api.SeriesResource;
import io.queueautoscaler.intervention.JdbiInterventionStore;
import io.queueautoscaler.intervention.RememberedInterventions;
import io.queueautoscaler.api.DatabaseFailureMapper;
import io.queueautoscaler.db.DatabaseTimeouts;
import io.queueautoscaler.web.Dashboard;
import io.queueautoscaler.api.LeaseRefusalMapper;
import io.queueautoscaler.api.RequestLimits;
import io.queueautoscaler.api.StrictJson;
import io.queueautoscaler.api.accesslog.AccessLog;
import io.queueautoscaler.api.UnreadableBodyMapper;
import io.queueautoscaler.api.LeasesResource;
import io.queueautoscaler.api.PoliciesResource;
import io.queueautoscaler.api.ProtectionResource;
import io.queueautoscaler.api.auth.ApiAuth;
import io.queueautoscaler.api.auth.AdminPortFilter;
import io.queueautoscaler.cli.CheckCommand;
import io.queueautoscaler.cli.RefusingServerCommand;
import io.queueautoscaler.cli.SimulateCommand;
import io.queueautoscaler.cli.StartupChecks;
import io.queueautoscaler.cli.ValidatePoliciesCommand;
import io.queueautoscaler.clock.StopDeadline;
import io.queueautoscaler.db.Schema;
import io.queueautoscaler.drain.Drainer;
import io.queueautoscaler.health.PoliciesHealthCheck;
import io.queueautoscaler.health.PolicyFailures;
import io.queueautoscaler.health.SchedulerHealthCheck;
import io.queueautoscaler.history.BufferedDecisionLog;
import io.queueautoscaler.history.JdbiDecisionLog;
import io.queueautoscaler.history.LoggingDecisionLog;
import io.queueautoscaler.lease.JdbiLeaseStore;
import io.queueautoscaler.lease.LeaseStore;
import io.queueautoscaler.lease.ProtectionConfiguration;
import io.queueautoscaler.lease.ProtectionLeases;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.yaml.PolicyDirectory;
import io.queueautoscaler.recommend.Recommender;
import io.queueautoscaler.reconcile.LocalPolicyMemories;
import io.queueautoscaler.reconcile.PolicyMemories;
import io.queueautoscaler.reconcile.PolicyRegistry;
import io.queueautoscaler.reconcile.Reconciler;
import io.queueautoscaler.schedule.PolicyEvaluator;
import io.queueautoscaler.schedule.PolicyScheduler;
import io.queueautoscaler.schedule.SchedulerConfiguration;
import io.queueautoscaler.cluster.ClaimedTicks;
import io.queueautoscaler.cluster.ClusterPolicies;
import io.queueautoscaler.cluster.JdbiPolicyMemories;
import io.queueautoscaler.cluster.JdbiTickClaims;
import io.queueautoscaler.health.ClusterHealthCheck;
import io.queueautoscaler.telemetry.AwsCallMetrics;
import io.queueautoscaler.telemetry.DecisionMetrics;
import io.queueautoscaler.telemetry.EvaluationMetrics;
import io.queueautoscaler.telemetry.LeaseMetrics;
import io.queueautoscaler.telemetry.PrometheusEndpoint;
import io.queueautoscaler.telemetry.ProtectionCallMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon. Wires observe, decide, act and record by hand, with constructors, and registers them. */
public final class QueueAutoscalerApplication extends Application<QueueAutoscalerConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(QueueAutoscalerApplication.class);
    /** How often instances held by a termination lifecycle hook are looked for: the delay between a last lease and the termination. */
    private static final Duration DRAIN_INTERVAL = Duration.ofSeconds(10);
    /** A drained instance is let go this long before its hook's global timeout would. */
    private static final Duration DRAIN_DEADLINE_MARGIN = Duration.ofMinutes(1);
    /** How long a stop waits for the decisions still in memory to reach the database. */
    private static final Duration DECISION_FLUSH_DEADLINE = Duration.ofSeconds(5);
    /** How often pauses and overrides are read again (those set through another daemon take effect within this). */
    private static final Duration INTERVENTIONS_REFRESH = Duration.ofSeconds(5);
    /**
     * How long a stop (SIGTERM) takes at most, from the server's stopping to the last part: a
     * Kubernetes pod is killed 30 s after SIGTERM, so the process is gone within 25 s. The parts
     * stop in this order and share it: the server's requests in flight (server.shutdownGracePeriod,
     * 5 s in the shipped configurations), housekeeping, the running evaluations (what is left less
     * the reserve below, then interrupted), the drainer, the last protection flush, and the lease
     * renewals still queued.
     */
    private static final Duration STOP_WITHIN = Duration.ofSeconds(22);
    private static final Duration CHORE_STOP = Duration.ofSeconds(2);
    /** What the lease renewals still queued get, after the last protection flush. */
    private static final Duration AFTER_FLUSH_RESERVE = Duration.ofSeconds(5);
    /** What the drainer and the last protection flush get at least, after the evaluations. */
    private static final Duration AFTER_EVALUATIONS_RESERVE = CHORE_STOP.plusSeconds(1).plus(AFTER_FLUSH_RESERVE);

    public static void main(String[] args) throws Exception {
        new QueueAutoscalerApplication().run(args);
    }

    @Override
    public String getName() {
        return "queue-autoscaler";
    }

    @Override
    public void initialize(Bootstrap<QueueAutoscalerConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new ConfigVariables()));
        bootstrap.addCommand(new ValidatePoliciesCommand());
        bootstrap.addCommand(new SimulateCommand());
    }

    /** Our own server and check: both refuse a configuration with the same {@link StartupChecks}. */
    @Override
    protected void addDefaultCommands(Bootstrap<QueueAutoscalerConfiguration> bootstrap) {
        bootstrap.addCommand(new RefusingServerCommand(this));
        bootstrap.addCommand(new CheckCommand());
    }

    @Override
    public void run(QueueAutoscalerConfiguration config, Environment environment) throws Exception {
        StartupChecks.enforce(config);
        AccessLog.secure(config.getServerFactory(), config.getAuth().allTokens());
        Clock clock = Clock.systemUTC();

        StopDeadline stopping = new StopDeadline(STOP_WITHIN);
        environment.lifecycle().addEventListener(stopping);
        environment.lifecycle().manage(stopping);
        DatabaseTimeouts.applyTo(config.getDatabase());
        ManagedDataSource dataSource = config.getDatabase().build(environment.metrics(), "database");
        Schema.migrate(dataSource);
        Jdbi jdbi = new JdbiFactory().build(environment, config.getDatabase(), dataSource, "database");
        DatabaseTimeouts.applyTo(jdbi);
        StrictJson.configure(environment.getObjectMapper());
        SchedulerConfiguration schedule = config.getScheduler();
        String node = schedule.nodeName();
        JdbiDecisionLog store = new JdbiDecisionLog(jdbi, environment.getObjectMapper(), node);
        // Managed before the scheduler, so stopped after it: the last evaluations' decisions are flushed too.
        BufferedDecisionLog buffered = new BufferedDecisionLog(store, config.getHistory().getBufferSize(),
                DECISION_FLUSH_DEADLINE, environment.metrics());
        environment.lifecycle().manage(stopping.bounding(buffered, buffered::stop, Duration.ZERO));

        PolicyDirectory policiesDirectory = StartupChecks.policyDirectory(config);
        PolicyRegistry registry = new PolicyRegistry(policiesDirectory::load, clock);
        LOG.info("loaded {} policies from {}: {}", registry.all().size(), policiesDirectory.path().toAbsolutePath(),
                registry.all().stream().map(ScalingPolicy::name).toList());

        PrometheusRegistry prometheus = new PrometheusRegistry();
        PolicyFailures failures = new PolicyFailures(new LoggingDecisionLog(buffered));
        DecisionMetrics decisions = new DecisionMetrics(failures, prometheus, registry::get);
        EvaluationMetrics evaluations = new EvaluationMetrics(prometheus);
        AwsCallMetrics awsCalls = new AwsCallMetrics(prometheus);
        Infrastructure infrastructure = config.getLocal() != null
                ? LocalInfrastructure.build(config, environment, clock, registry, awsCalls)
                : AwsInfrastructure.build(config.getAws(), environment, clock, awsCalls);

        ProtectionConfiguration protection = config.getProtection();
        LeaseMetrics leaseMetrics = new LeaseMetrics(new JdbiLeaseStore(jdbi), prometheus);
        ProtectionCallMetrics protectionCalls = new ProtectionCallMetrics(infrastructure.fleet(), prometheus);
        ProtectionLeases leases = ProtectionLeases.restore(leaseMetrics, protectionCalls,
                infrastructure.instanceGroups(),
                protection.isRequireSourceAddressMatch() ? Optional.of(infrastructure.instanceAddresses()) : Optional.empty(),
                registry::all, protection.getFlushInterval(), protection.getRepairInterval(), new SplittableRandom(), clock, node);
        // Stops after the flusher, so that its last line counts the last flush.
        environment.lifecycle().manage(leases.leases().summary().every(protection.getLeaseSummaryInterval()));
        environment.lifecycle().manage(stopping.bounding(leases.flusher(), leases.flusher()::stop, AFTER_FLUSH_RESERVE));
        LOG.info("{} instance(s) with live protection leases restored", leases.leases().all().size());
        if (infrastructure.lifecycleHooks().isPresent()) {
            Drainer drainer = new Drainer(registry::all, infrastructure.fleet(), infrastructure.lifecycleHooks().get(),
                    leases.leases(), clock, DRAIN_INTERVAL, DRAIN_DEADLINE_MARGIN);
            chore(environment, "drainer-%d").scheduleWithFixedDelay(drainer::tick, DRAIN_INTERVAL.toMillis(),
                    DRAIN_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        } else if (registry.all().stream().anyMatch(p -> p.protection().lifecycleHook().isPresent())) {
            LOG.info("the local fleet has no lifecycle hooks: spec.protection.lifecycleHook takes effect on AWS only");
        }

        RememberedInterventions interventions = new RememberedInterventions(new JdbiInterventionStore(jdbi), clock);
        interventions.refresh();
        // In a cluster the next tick may run on another node, so the windows live in the database;
        // alone, they stay in this process and an evaluation never waits for the database.
        PolicyMemories memories = schedule.isClustered()
                ? new JdbiPolicyMemories(jdbi, environment.getObjectMapper(), node, clock)
                : new LocalPolicyMemories();
        Reconciler reconciler = new Reconciler(infrastructure::metrics, infrastructure.fleet(), decisions, leases.leases(),
                new Recommender(), clock, interventions::hold, memories);
        ClusterPolicies clusterPolicies = new ClusterPolicies(jdbi, node, clock);
        Consumer<String> reconcile = evaluations.timed(name -> registry.get(name).ifPresent(reconciler::reconcile));
        // Alone, a daemon has no one to claim a tick against: its evaluations never wait for the database.
        PolicyEvaluator claimed = schedule.isClustered()
                ? new ClaimedTicks(new JdbiTickClaims(jdbi, node, clock), clusterPolicies, reconcile)
                : tick -> reconcile.accept(tick.policy());
        PolicyEvaluator evaluator = evaluations.late(claimed);
        PolicyScheduler scheduler = schedule.isClustered()
                ? PolicyScheduler.clustered(evaluator, dataSource, node, schedule.getThreads(), schedule.getCheckinInterval())
                : PolicyScheduler.inMemory(evaluator, schedule.getThreads());
        LOG.info("node {}: {}", node, schedule.isClustered()
                ? "joining the scheduler cluster on the database" : "scheduling alone, in memory");
        clusterPolicies.publish(registry.all());
        scheduler.sync(registry.all());
        leaseMetrics.groups(groupsOf(registry.all()));
        protectionCalls.groups(groupsOf(registry.all()));
        registry.onChange(policies -> {
            Set<String> names = policies.stream().map(ScalingPolicy::name).collect(Collectors.toSet());
            leaseMetrics.groups(groupsOf(policies));
            protectionCalls.groups(groupsOf(policies));
            reconciler.retain(names);
            decisions.retain(names);
            failures.retain(names);
            evaluations.retain(names);
            clusterPolicies.publish(policies);
            scheduler.sync(policies);
        });
        environment.lifecycle().manage(stopping.bounding(scheduler, scheduler::stop, AFTER_EVALUATIONS_RESERVE));

        // Each node reads its own policy files; chores on shared data run once per cluster.
        ScheduledExecutorService housekeeping = chore(environment, "housekeeping-%d");
        housekeeping.scheduleWithFixedDelay(() -> {
            registry.reload();
            clusterPolicies.compare();
        }, config.getPolicyReloadSeconds(), config.getPolicyReloadSeconds(), TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(interventions::refresh, INTERVENTIONS_REFRESH.toMillis(),
                INTERVENTIONS_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        int retentionDays = config.getHistory().getRetentionDays();
        if (retentionDays > 0) {
            scheduler.every("retention", Duration.ofMinutes(1), Duration.ofHours(1),
                    () -> pruneHistory(store, leases.store(), clock, retentionDays));
        }

        ApiAuth.register(environment.jersey(), config.getAuth());
        AdminPortFilter.register(environment.admin(), config.getAuth());
        environment.jersey().register(new DecisionsResource(decisions));
        environment.jersey().register(new PoliciesResource(registry, decisions, infrastructure.fleet(), leases.leases(),
                interventions, clock));
        environment.jersey().register(new InterventionsResource(registry, interventions, infrastructure.fleet(), clock));
        environment.jersey().register(new SeriesResource(registry, store::lastPerBucket, decisions, clock));
        environment.jersey().register(new JsonBodyMapper());
        Dashboard.register(environment);
        environment.jersey().register(new ProtectionResource(leases.keeper()));
        environment.jersey().register(new LeasesResource(leases.keeper()));
        LeaseRefusalMapper refusals = new LeaseRefusalMapper(leases.leases().summary()::refused, clock, new SplittableRandom());
        environment.jersey().register(refusals);
        environment.jersey().register(new DatabaseFailureMapper(refusals));
        environment.jersey().register(new RequestLimits());
        environment.jersey().register(new UnreadableBodyMapper());

        environment.healthChecks().register("policies",
                new PoliciesHealthCheck(registry, failures, config.getPolicyHealth(), clock));
        environment.healthChecks().register("scheduler",
                new SchedulerHealthCheck(scheduler, registry, decisions, config.getPolicyHealth(), clock));
        environment.healthChecks().register("cluster", new ClusterHealthCheck(clusterPolicies, node));
        PrometheusEndpoint.register(environment, prometheus);
    }

    private static Set<String> groupsOf(Collection<ScalingPolicy> policies) {
        return policies.stream().map(ScalingPolicy::autoScalingGroupName).collect(Collectors.toSet());
    }

    /** One managed thread for a periodic chore, given {@link #CHORE_STOP} to finish at stop. */
    private static ScheduledExecutorService chore(Environment environment, String nameFormat) {
        return environment.lifecycle().scheduledExecutorService(nameFormat, true).threads(1)
                .shutdownTime(io.dropwizard.util.Duration.milliseconds(CHORE_STOP.toMillis())).build();
    }

    private static void pruneHistory(JdbiDecisionLog decisions, LeaseStore leases, Clock clock, int retentionDays) {
        try {
            Instant cutoff = clock.instant().minus(Duration.ofDays(retentionDays));
            int deleted = decisions.deleteBefore(cutoff);
            int events = leases.deleteEventsBefore(cutoff);
            if (deleted > 0 || events > 0) {
                LOG.debug("deleted {} decisions and {} lease events older than {} days", deleted, events, retentionDays);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not prune decision history: {}", e.toString());
        }
    }
}
