package io.queueautoscaler.api;

import io.queueautoscaler.api.PolicyStatusJson.CapacityJson;
import io.queueautoscaler.api.PolicyStatusJson.ConditionJson;
import io.queueautoscaler.api.auth.Role;
import io.queueautoscaler.fleet.Fleet;
import io.queueautoscaler.fleet.GroupState;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionLog;
import io.queueautoscaler.history.Outcome;
import io.queueautoscaler.intervention.InterventionStore;
import io.queueautoscaler.intervention.PolicyHold;
import io.queueautoscaler.lease.LeaseView;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.reconcile.PolicyRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The policies in force, their status and load errors, for admins. */
@Path("/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public final class PoliciesResource {
    private static final Set<Reason> LIMITED = Set.of(Reason.BELOW_MIN, Reason.ABOVE_MAX, Reason.SCALE_UP_LIMIT,
            Reason.SCALE_DOWN_LIMIT, Reason.LEASE_FLOOR, Reason.SCALING_DISABLED, Reason.GROUP_BOUNDS, Reason.PAUSED,
            Reason.OVERRIDDEN);

    /** How old a group's state the list may show: a policy evaluated at its last tick is never older than this. */
    static final Duration LIST_STATE_AGE = Duration.ofMinutes(1);

    private final PolicyRegistry registry;
    private final DecisionLog log;
    private final Fleet fleet;
    private final LeaseView leases;
    private final InterventionStore interventions;
    private final Clock clock;

    public PoliciesResource(PolicyRegistry registry, DecisionLog log, Fleet fleet, LeaseView leases,
                            InterventionStore interventions, Clock clock) {
        this.registry = registry;
        this.log = log;
        this.fleet = fleet;
        this.leases = leases;
        this.interventions = interventions;
        this.clock = clock;
    }

    /** The named policy in force, or a 404 that says where to look. */
    static ScalingPolicy require(PolicyRegistry registry, String name) {
        return registry.get(name).orElseThrow(() -> new NotFoundException(
                "no policy named '" + name + "'; GET /v1/policies lists the policies in force"));
    }

    @GET
    public PolicyListJson list() {
        List<ScalingPolicy> policies = List.copyOf(registry.all());
        Map<String, GroupState> groups = describeRecent(policies.stream().map(ScalingPolicy::autoScalingGroupName).toList());
        Map<String, PolicyHold> holds = interventions.holds(clock.instant());
        Map<String, Decision> latest = log.latest(policies.stream().map(ScalingPolicy::name).toList());
        List<PolicyJson> items = policies.stream()
                .map(p -> PolicyJson.of(p, status(p, groups.get(p.autoScalingGroupName()),
                        Optional.ofNullable(latest.get(p.name())), holds.getOrDefault(p.name(), PolicyHold.NONE)), null))
                .toList();
        List<PolicyListJson.LoadErrorJson> errors = registry.loadError()
                .map(e -> List.of(new PolicyListJson.LoadErrorJson(e.at().toString(), e.message())))
                .orElse(List.of());
        return new PolicyListJson(items, errors);
    }

    @GET
    @Path("/{name}")
    public PolicyJson get(@PathParam("name") String name) {
        ScalingPolicy policy = require(registry, name);
        GroupState group = describe(List.of(policy.autoScalingGroupName())).get(policy.autoScalingGroupName());
        Map<String, Instant> live = leases.liveLeases(policy.autoScalingGroupName());
        List<InstanceJson> instances = group == null ? List.of() : group.instances().stream()
                .map(i -> new InstanceJson(i.instanceId(), i.lifecycleState(), i.protectedFromScaleIn(),
                        Optional.ofNullable(live.get(i.instanceId())).map(Instant::toString).orElse(null)))
                .toList();
        return PolicyJson.of(policy, status(policy, group,
                Optional.ofNullable(log.latest(List.of(policy.name())).get(policy.name())),
                interventions.hold(policy.name(), clock.instant())), instances);
    }

    private PolicyStatusJson status(ScalingPolicy policy, GroupState group, Optional<Decision> last, PolicyHold hold) {
        CapacityJson capacity = group == null ? null : new CapacityJson(group.minSize(), group.maxSize(),
                group.desiredCapacity(), group.inService(), group.booting(),
                group.instances().stream().filter(i -> i.protectedFromScaleIn()).count(),
                leases.liveLeases(policy.autoScalingGroupName()).size());
        return new PolicyStatusJson(capacity, last.map(DecisionJson::of).orElse(null), conditions(group, last),
                hold.pause().map(InterventionJson::of).orElse(null), hold.override().map(InterventionJson::of).orElse(null));
    }

    private static List<ConditionJson> conditions(GroupState group, Optional<Decision> last) {
        List<ConditionJson> conditions = new ArrayList<>();
        if (group == null) {
            conditions.add(new ConditionJson("AbleToScale", "False", "FleetUnavailable",
                    "the Auto Scaling Group cannot be described"));
        } else if (last.map(d -> d.outcome() == Outcome.ACT_FAILED).orElse(false)) {
            conditions.add(new ConditionJson("AbleToScale", "False", "FailedSetDesiredCapacity", last.get().message()));
        } else {
            conditions.add(new ConditionJson("AbleToScale", "True", "ReadyForNewScale", "the group can be resized"));
        }
        if (last.isEmpty()) {
            conditions.add(new ConditionJson("ScalingActive", "Unknown", "NotYetEvaluated", "no decision yet"));
            return conditions;
        }
        Decision d = last.get();
        // A later stage (bounds, lease floor) may have set the reason; the inputs say whether anything was unreadable.
        boolean failed = d.inputs().failure().isPresent();
        conditions.add(failed
                ? new ConditionJson("ScalingActive", "False", d.reason().name(), d.message())
                : new ConditionJson("ScalingActive", "True", "ValidMetricFound", "queue depth read at " + d.time()));
        conditions.add(LIMITED.contains(d.reason())
                ? new ConditionJson("ScalingLimited", "True", d.reason().name(), d.message())
                : new ConditionJson("ScalingLimited", "False", "DesiredWithinRange", "the desired count is within range"));
        return conditions;
    }

    private Map<String, GroupState> describe(List<String> groups) {
        try {
            return fleet.describe(groups);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** The list's groups as the evaluations last saw them, up to {@link #LIST_STATE_AGE} old. */
    private Map<String, GroupState> describeRecent(List<String> groups) {
        try {
            return fleet.describeRecent(groups, LIST_STATE_AGE);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }
}
