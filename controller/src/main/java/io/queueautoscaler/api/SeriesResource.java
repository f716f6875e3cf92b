package io.queueautoscaler.api;

import io.queueautoscaler.api.auth.Role;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionLog;
import io.queueautoscaler.history.DecisionQuery;
import io.queueautoscaler.history.SeriesPoint;
import io.queueautoscaler.policy.QueueSpec;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.FleetSnapshot;
import io.queueautoscaler.recommend.LatencyEstimates;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.reconcile.PolicyRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/policies/{name}/series?window=1h|6h|1d|7d}: what the dashboard charts, from the
 * stored decisions, downsampled by the database to the last decision of each of 360 buckets,
 * with the newest 500 scale actions and failures of the window as markers.
 */
@Path("/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public final class SeriesResource {
    static final int MAX_MARKERS = 500;

    /** The decision in force at the end of each step-long bucket of [since, until), oldest first. */
    @FunctionalInterface
    public interface Sampler {
        List<SeriesPoint> lastPerBucket(String policy, Instant since, Instant until, Duration step);
    }

    private final PolicyRegistry registry;
    private final Sampler sampler;
    private final DecisionLog log;
    private final Clock clock;

    public SeriesResource(PolicyRegistry registry, Sampler sampler, DecisionLog log, Clock clock) {
        this.registry = registry;
        this.sampler = sampler;
        this.log = log;
        this.clock = clock;
    }

    @GET
    @Path("/{name}/series")
    public SeriesJson series(@PathParam("name") String name, @QueryParam("window") String window, @Context UriInfo uri) {
        StrictQuery.requireKnown(uri, List.of("window"));
        SeriesWindow w = SeriesWindow.parse(window);
        ScalingPolicy policy = PoliciesResource.require(registry, name);
        Instant to = clock.instant();
        Instant from = to.minus(w.length);
        List<String> queues = policy.queues().stream().map(QueueSpec::name).toList();

        List<Long> time = new ArrayList<>();
        List<Integer> desired = new ArrayList<>();
        List<Integer> inService = new ArrayList<>();
        List<Integer> leased = new ArrayList<>();
        Map<String, List<Long>> backlog = new LinkedHashMap<>();
        Map<String, List<Double>> arrivals = new LinkedHashMap<>();
        queues.forEach(q -> {
            backlog.put(q, new ArrayList<>());
            arrivals.put(q, new ArrayList<>());
        });
        for (SeriesPoint point : sampler.lastPerBucket(policy.name(), from, to, w.step())) {
            Decision d = point.decision();
            time.add(point.at().getEpochSecond());
            desired.add(Decision.orNull(d.desiredCapacity()));
            Optional<FleetSnapshot> fleet = d.inputs().fleet();
            inService.add(fleet.map(FleetSnapshot::inService).orElse(null));
            leased.add(fleet.map(FleetSnapshot::leased).orElse(null));
            Map<String, QueueDepth> depths = new LinkedHashMap<>();
            d.inputs().queues().forEach(q -> depths.put(q.url(), q));
            Map<String, Double> rates = new LinkedHashMap<>();
            d.inputs().estimates().flatMap(e -> e.latency()).map(LatencyEstimates::queues).orElse(List.of())
                    .forEach(q -> rates.put(q.queue(), finite(q.arrivalRate())));
            for (QueueSpec spec : policy.queues()) {
                backlog.get(spec.name()).add(Optional.ofNullable(depths.get(spec.url()))
                        .map(q -> q.backlog(policy.metrics())).orElse(null));
                arrivals.get(spec.name()).add(rates.get(spec.name()));
            }
        }
        return new SeriesJson(policy.name(), w.label, from.toString(), to.toString(), w.step().toSeconds(), queues,
                time, desired, inService, leased, backlog, arrivals, markers(policy, from, to));
    }

    private List<SeriesJson.MarkerJson> markers(ScalingPolicy policy, Instant from, Instant to) {
        List<Decision> changes = log.list(new DecisionQuery(Optional.of(policy.name()), Optional.of(from), Optional.of(to),
                MAX_MARKERS, Optional.empty(), Set.of(Action.SCALE_OUT.name(), Action.SCALE_IN.name(), Decision.FAILED_ACTION),
                Set.of(), Set.of()))
                .items();
        List<Decision> oldestFirst = new ArrayList<>(changes);
        Collections.reverse(oldestFirst);
        return oldestFirst.stream()
                .map(d -> new SeriesJson.MarkerJson(d.id(), d.time().getEpochSecond(), d.actionName(), d.outcome().name(),
                        d.reason().name(), Decision.orNull(d.currentCapacity()), Decision.orNull(d.desiredCapacity()), d.message()))
                .toList();
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
