package io.queueautoscaler;

import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.queueautoscaler.api.DecisionsResource;
import io.queueautoscaler.api.PoliciesResource;
import io.queueautoscaler.api.auth.ApiAuth;
import io.queueautoscaler.aws.AwsClients;
import io.queueautoscaler.cli.SimulateCommand;
import io.queueautoscaler.cli.ValidatePoliciesCommand;
import io.queueautoscaler.db.Schema;
import io.queueautoscaler.fleet.AsgFleet;
import io.queueautoscaler.fleet.CachingFleet;
import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.health.PoliciesHealthCheck;
import io.queueautoscaler.health.SchedulerHealthCheck;
import io.queueautoscaler.history.JdbiDecisionLog;
import io.queueautoscaler.lease.LeaseView;
import io.queueautoscaler.local.LocalDefault;
import io.queueautoscaler.local.WorkerLease;
import io.queueautoscaler.metrics.CloudWatchQueueMetrics;
import io.queueautoscaler.metrics.QueueMetrics;
import io.queueautoscaler.metrics.SqsQueueMetrics;
import io.queueautoscaler.policy.MetricsSpec;
import io.queueautoscaler.policy.Recommender;
import io.queueautoscaler.policy.yaml.PolicyDirectory;
import io.queueautoscaler.reconcile.PolicyRegistry;
import io.queueautoscaler.reconcile.Reconciler;
import io.queueautoscaler.schedule.PolicyScheduler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon. Wires observe, decide, act and record by hand, with constructors. */
public final class QueueAutoscalerApplication extends Application<QueueAutoscalerConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(QueueAutoscalerApplication.class);

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

    @Override
    public void run(QueueAutoscalerConfiguration config, Environment environment) throws Exception {
        Clock clock = Clock.systemUTC();

        ManagedDataSource dataSource = config.getDatabase().build(environment.metrics(), "database");
        Schema.migrate(dataSource);
        Jdbi jdbi = new JdbiFactory().build(environment, config.getDatabase(), dataSource, "database");
        JdbiDecisionLog decisions = new JdbiDecisionLog(jdbi, environment.getObjectMapper());

        Path policiesDirectory = Path.of(config.getPoliciesDirectory());
        PolicyRegistry registry = new PolicyRegistry(new PolicyDirectory(policiesDirectory)::load, clock);
        LOG.info("loaded {} policies from {}: {}", registry.all().size(), policiesDirectory.toAbsolutePath(),
                registry.all().stream().map(p -> p.name()).toList());

        Fleet fleet;
        AwsClients clients;
        if (config.getLocal() != null) {
            LocalDefault local = new LocalDefault(config.getLocal(), environment);
            clients = AwsClients.forLocalEndpoint(local.sqsEndpoint());
            fleet = local.start(environment, clients.sqs(), clock, WorkerLease.NONE);
            local.provision(registry.all(), clients.sqs());
            registry.onChange(policies -> local.provision(policies, clients.sqs()));
        } else {
            clients = AwsClients.fromDefaultChain(config.getAws());
            fleet = new CachingFleet(new AsgFleet(clients.autoScaling()), clock);
        }
        environment.lifecycle().manage(new io.dropwizard.lifecycle.Managed() {
            @Override
            public void stop() {
                clients.close();
            }
        });
        QueueMetrics sqsMetrics = new SqsQueueMetrics(clients.sqs());
        QueueMetrics cloudWatchMetrics = new CloudWatchQueueMetrics(clients.cloudWatch(), clock);
        LeaseView leases = LeaseView.NONE;

        Reconciler reconciler = new Reconciler(
                source -> source == MetricsSpec.Source.cloudwatch ? cloudWatchMetrics : sqsMetrics,
                fleet, decisions, leases, new Recommender(), clock);
        PolicyScheduler scheduler = new PolicyScheduler(
                name -> registry.get(name).ifPresent(reconciler::reconcile), 4);
        scheduler.sync(registry.all());
        registry.onChange(policies -> {
            policies.forEach(p -> reconciler.forget(p.name()));
            scheduler.sync(policies);
        });
        environment.lifecycle().manage(scheduler);

        ScheduledExecutorService housekeeping = environment.lifecycle()
                .scheduledExecutorService("housekeeping-%d", true).threads(1).build();
        housekeeping.scheduleWithFixedDelay(registry::reload, config.getPolicyReloadSeconds(),
                config.getPolicyReloadSeconds(), TimeUnit.SECONDS);
        int retentionDays = config.getHistory().getRetentionDays();
        if (retentionDays > 0) {
            housekeeping.scheduleWithFixedDelay(() -> pruneHistory(decisions, clock, retentionDays), 1, 60, TimeUnit.MINUTES);
        }

        ApiAuth.register(environment.jersey(), config.getAuth());
        environment.jersey().register(new DecisionsResource(decisions));
        environment.jersey().register(new PoliciesResource(registry, decisions, fleet, leases));

        environment.healthChecks().register("policies", new PoliciesHealthCheck(registry));
        environment.healthChecks().register("scheduler", new SchedulerHealthCheck(scheduler, registry));

        PrometheusRegistry prometheus = new PrometheusRegistry();
        DropwizardExports.builder().dropwizardRegistry(environment.metrics()).register(prometheus);
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(prometheus)).addMapping("/prometheus");
    }

    private static void pruneHistory(JdbiDecisionLog decisions, Clock clock, int retentionDays) {
        try {
            int deleted = decisions.deleteBefore(clock.instant().minus(Duration.ofDays(retentionDays)));
            if (deleted > 0) {
                LOG.info("deleted {} decisions older than {} days", deleted, retentionDays);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not prune decision history: {}", e.toString());
        }
    }
}
