package io.queueautoscaler.api;

import static io.queueautoscaler.testing.InMemoryFleet.inService;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.history.Decision;
import io.queueautoscaler.history.DecisionInputs;
import io.queueautoscaler.history.InMemoryDecisionLog;
import io.queueautoscaler.history.Outcome;
import io.queueautoscaler.intervention.JdbiInterventionStore;
import io.queueautoscaler.testing.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import io.queueautoscaler.recommend.Action;
import io.queueautoscaler.recommend.Reason;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.reconcile.PolicyRegistry;
import io.queueautoscaler.testing.InMemoryFleet;
import io.queueautoscaler.testing.PolicyBuilder;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class PoliciesResourceTest {
    private static final Instant LEASE_END = Instant.parse("2026-11-26T10:05:00Z");
    private static final AtomicReference<Object> POLICIES = new AtomicReference<>(List.of(
            PolicyBuilder.backlog("thumbnails", "thumbnails-workers", 0, 8).build(), PolicyBuilder.backlog("reports", "reports-workers", 1, 4).build()));
    private static final VirtualClock CLOCK = new VirtualClock(Instant.parse("2026-11-26T10:00:00Z"));
    private static final JdbiInterventionStore INTERVENTIONS = new JdbiInterventionStore(Jdbi.create(TestDatabases.h2()));
    private static final PolicyRegistry REGISTRY = registry();
    private static final InMemoryDecisionLog LOG = new InMemoryDecisionLog(100);
    private static final InMemoryFleet FLEET = new InMemoryFleet()
            .group("thumbnails-workers", 0, 8, 2, new FleetInstance("i-0123456789abcdef0", "InService", true),
                    inService("i-0123456789abcdef1"));
    private static final ResourceExtension RESOURCES = DecisionsResourceTest.withAuth(ResourceExtension.builder())
            .addResource(new PoliciesResource(REGISTRY, LOG, FLEET, group -> group.equals("thumbnails-workers")
                    ? Map.of("i-0123456789abcdef0", LEASE_END) : Map.of(), INTERVENTIONS, CLOCK))
            .build();

    @SuppressWarnings("unchecked")
    private static PolicyRegistry registry() {
        try {
            return new PolicyRegistry(() -> {
                if (POLICIES.get() instanceof Exception e) {
                    throw e;
                }
                return (List<ScalingPolicy>) POLICIES.get();
            }, new VirtualClock(Instant.parse("2026-11-26T10:00:00Z")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Response get(String path) {
        return RESOURCES.target(path).request().header("Authorization", "Bearer admin-secret").get();
    }

    @Test
    void listsEveryPolicyWithSpecStatusAndConditions() {
        LOG.append(new Decision(0, "thumbnails", Instant.parse("2026-11-26T10:00:00Z"), 2, 8, 8, Action.SCALE_OUT,
                Outcome.APPLIED, Reason.ABOVE_MAX, "scale out 2 -> 8: 12 clamped to [0, 8] = 8", false, DecisionInputs.NONE, List.of()));

        PolicyListJson list = get("/v1/policies").readEntity(PolicyListJson.class);

        assertThat(list.items()).extracting(PolicyJson::name).containsExactly("reports", "thumbnails");
        PolicyJson thumbnails = list.items().get(1);
        assertThat(thumbnails.spec()).extractingByKey("target").isEqualTo(Map.of("autoScalingGroupName", "thumbnails-workers", "minCapacity", 0, "maxCapacity", 8));
        Map<?, ?> onMetricFailure = (Map<?, ?>) thumbnails.spec().get("onMetricFailure");
        assertThat(onMetricFailure.containsKey("fallbackCapacity")).as("shown, as null: no fallback").isTrue();
        assertThat(onMetricFailure.get("fallbackCapacity")).isNull();
        assertThat(((Map<?, ?>) thumbnails.spec().get("workers")).get("messagesPerSecondPerInstance"))
                .as("learned from observations, not declared").isNull();
        assertThat(thumbnails.status().capacity().desired()).isEqualTo(2);
        assertThat(thumbnails.status().capacity().protectedInstances()).isEqualTo(1);
        assertThat(thumbnails.status().capacity().leases()).isEqualTo(1);
        assertThat(thumbnails.status().lastDecision().message()).contains("clamped");
        assertThat(thumbnails.status().conditions()).extracting(PolicyStatusJson.ConditionJson::type, c -> c.status())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("AbleToScale", "True"),
                        org.assertj.core.groups.Tuple.tuple("ScalingActive", "True"),
                        org.assertj.core.groups.Tuple.tuple("ScalingLimited", "True"));
        PolicyJson reports = list.items().get(0);
        assertThat(reports.status().capacity()).as("reports-workers does not exist").isNull();
        assertThat(reports.status().conditions().get(0).reason()).isEqualTo("FleetUnavailable");
    }

    @Test
    void onePolicyAddsItsInstancesWithProtectionAndLeaseExpiry() {
        @SuppressWarnings("unchecked")
        List<Object> instances = (List<Object>) get("/v1/policies/thumbnails").readEntity(Map.class).get("instances");

        Map<String, Object> leased = new java.util.HashMap<>();
        leased.put("instanceId", "i-0123456789abcdef0");
        leased.put("lifecycleState", "InService");
        leased.put("protected", true);
        leased.put("leaseExpiresAt", "2026-11-26T10:05:00Z");
        Map<String, Object> idle = new java.util.HashMap<>(leased);
        idle.put("instanceId", "i-0123456789abcdef1");
        idle.put("protected", false);
        idle.put("leaseExpiresAt", null);
        assertThat(instances).containsExactly(leased, idle);
    }

    @Test
    void anUnknownPolicyIs404WithWhereToLook() {
        Response response = get("/v1/policies/nope");
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.readEntity(Map.class).get("message").toString()).contains("GET /v1/policies");
    }

    @Test
    void aBrokenReloadShowsAsALoadErrorWhileTheLastGoodPoliciesStay() {
        Object good = POLICIES.get();
        try {
            POLICIES.set(new IllegalStateException("policies/x.yml:4 spec.scaling.mode: 'fast' is not one of latency, backlogPerInstance, step"));
            REGISTRY.reload();
            PolicyListJson list = get("/v1/policies").readEntity(PolicyListJson.class);
            assertThat(list.items()).hasSize(2);
            assertThat(list.loadErrors()).singleElement().satisfies(e -> assertThat(e.message()).contains("spec.scaling.mode"));
        } finally {
            POLICIES.set(good);
            REGISTRY.reload();
        }
    }
}
