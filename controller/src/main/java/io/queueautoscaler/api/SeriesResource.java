package io.queueautoscaler.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueautoscaler.api.auth.Role;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionLog;
import io.queueautoscaler.history.DecisionQuery;
import io.queueautoscaler.policy.Action;
import io.queueautoscaler.policy.FleetSnapshot;
import io.queueautoscaler.policy.QueueDepth;
import io.queueautoscaler.policy.QueueSpec;
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

    /** The last decision of each step-long bucket of [since, until), oldest first. */
    @FunctionalInterface
    public interface Sampler {
        List<Decision> lastPerBucket(String policy, Instant since, Instant until, Duration step);
    }

    private final PolicyRegistry registry;
    private final Sampler sampler;
    private final DecisionLog log;
    private final ObjectMapper json;
    private final Clock clock;

    public SeriesResource(PolicyRegistry registry, Sampler sampler, DecisionLog log, ObjectMapper json, Clock clock) {
        this.registry = registry;
        this.sampler = sampler;
        this.log = log;
        this.json = json;
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
        for (Decision d : sampler.lastPerBucket(policy.name(), from, to, w.step())) {
            time.add(d.time().getEpochSecond());
            desired.add(d.desiredCapacity());
            Optional<FleetSnapshot> fleet = input(d, "fleet", FleetSnapshot.class);
            inService.add(fleet.map(FleetSnapshot::inService).orElse(null));
            leased.add(fleet.map(FleetSnapshot::leased).orElse(null));
            Map<String, QueueDepth> depths = depths(d);
            for (QueueSpec spec : policy.queues()) {
                backlog.get(spec.name()).add(Optional.ofNullable(depths.get(spec.url()))
                        .map(q -> q.backlog(policy.metrics())).orElse(null));
                arrivals.get(spec.name()).add(input(d, "arrivalRate." + spec.name(), Double.class).orElse(null));
            }
        }
        return new SeriesJson(policy.name(), w.label, from.toString(), to.toString(), w.step().toSeconds(), queues,
                time, desired, inService, leased, backlog, arrivals, markers(policy, from, to));
    }

    private List<SeriesJson.MarkerJson> markers(ScalingPolicy policy, Instant from, Instant to) {
        List<Decision> changes = log.list(new DecisionQuery(Optional.of(policy.name()), Optional.of(from), Optional.of(to),
                MAX_MARKERS, Optional.empty(), Set.of(Action.SCALE_OUT, Action.SCALE_IN, Action.FAILED), Set.of(), Set.of()))
                .items();
        List<Decision> oldestFirst = new ArrayList<>(changes);
        Collections.reverse(oldestFirst);
        return oldestFirst.stream()
                .map(d -> new SeriesJson.MarkerJson(d.id(), d.time().getEpochSecond(), d.action().name(), d.outcome().name(),
                        d.reason().name(), d.currentCapacity(), d.desiredCapacity(), d.message()))
                .toList();
    }

    private Map<String, QueueDepth> depths(Decision d) {
        Object queues = d.inputs().get("queues");
        Map<String, QueueDepth> byUrl = new LinkedHashMap<>();
        if (queues instanceof List<?> list) {
            for (Object q : list) {
                QueueDepth depth = json.convertValue(q, QueueDepth.class);
                byUrl.put(depth.url(), depth);
            }
        }
        return byUrl;
    }

    /** An input as recorded: an object in memory, its JSON form after a round trip through the database. */
    private <T> Optional<T> input(Decision d, String key, Class<T> type) {
        Object value = d.inputs().get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.convertValue(value, type));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
