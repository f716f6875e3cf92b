package io.queueautoscaler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.testing.PolicyBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PolicyRegistryTest {
    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final AtomicReference<Object> next = new AtomicReference<>(List.of(PolicyBuilder.backlog("a", "group-a", 0, 5).build()));

    @SuppressWarnings("unchecked")
    private final PolicyRegistry.Loader loader = () -> {
        Object value = next.get();
        if (value instanceof Exception e) {
            throw e;
        }
        return (List<ScalingPolicy>) value;
    };

    @Test
    void refusesToStartWhenTheFirstLoadFails() {
        next.set(new IllegalStateException("policies/a.yml:3 metadata.name: is required"));
        assertThatThrownBy(() -> new PolicyRegistry(loader, clock)).hasMessageContaining("metadata.name");
    }

    @Test
    void aFailedReloadKeepsTheLastGoodPoliciesAndReportsWhy() throws Exception {
        PolicyRegistry registry = new PolicyRegistry(loader, clock);
        next.set(new IllegalStateException("policies/a.yml:7 spec.target.maxCapacity: 3 is below minCapacity 5"));

        assertThat(registry.reload()).isFalse();

        assertThat(registry.all()).extracting(ScalingPolicy::name).containsExactly("a");
        assertThat(registry.loadError()).hasValueSatisfying(e -> {
            assertThat(e.message()).contains("maxCapacity: 3 is below minCapacity 5");
            assertThat(e.at()).isEqualTo(clock.instant());
        });
    }

    @Test
    void aGoodReloadClearsTheErrorAndTellsListenersOnlyWhenSomethingChanged() throws Exception {
        PolicyRegistry registry = new PolicyRegistry(loader, clock);
        List<Collection<ScalingPolicy>> heard = new ArrayList<>();
        registry.onChange(heard::add);
        next.set(new IllegalStateException("broken"));
        registry.reload();
        next.set(List.of(PolicyBuilder.backlog("a", "group-a", 0, 5).build()));

        assertThat(registry.reload()).as("same policies as before").isFalse();
        assertThat(registry.loadError()).isEmpty();
        assertThat(heard).isEmpty();

        next.set(List.of(PolicyBuilder.backlog("a", "group-a", 0, 9).build(), PolicyBuilder.backlog("b", "group-b", 0, 5).build()));
        assertThat(registry.reload()).isTrue();
        assertThat(heard).hasSize(1);
        assertThat(registry.get("a")).hasValueSatisfying(p -> assertThat(p.target().maxCapacity()).isEqualTo(9));
        assertThat(registry.get("b")).hasValueSatisfying(p -> assertThat(p.autoScalingGroupName()).isEqualTo("group-b"));
    }

    @Test
    void aListenerThatFailsIsReportedAndReloadingGoesOn() throws Exception {
        PolicyRegistry registry = new PolicyRegistry(loader, clock);
        registry.onChange(policies -> {
            throw new IllegalStateException("cannot schedule policies: scheduler shut down");
        });
        next.set(List.of(PolicyBuilder.backlog("a", "group-a", 0, 9).build()));

        assertThat(registry.reload()).isTrue();
        assertThat(registry.get("a")).hasValueSatisfying(p -> assertThat(p.target().maxCapacity()).isEqualTo(9));
        assertThat(registry.loadError()).hasValueSatisfying(e -> assertThat(e.message()).contains("scheduler shut down"));

        next.set(List.of(PolicyBuilder.backlog("a", "group-a", 0, 7).build()));
        assertThat(registry.reload()).as("the next reload still runs").isTrue();
    }
}
