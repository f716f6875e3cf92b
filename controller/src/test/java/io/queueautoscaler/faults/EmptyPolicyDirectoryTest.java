package io.queueautoscaler.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.queueautoscaler.health.HealthConfiguration;
import io.queueautoscaler.health.PoliciesHealthCheck;
import io.queueautoscaler.health.PolicyFailures;
import io.queueautoscaler.history.InMemoryDecisionLog;
import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.policy.yaml.PolicyDirectory;
import io.queueautoscaler.reconcile.PolicyRegistry;
import io.queueautoscaler.clock.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every policy file removed (an emptied ConfigMap): an error like a broken file, at start and on reload. */
class EmptyPolicyDirectoryTest {
    private static final Path SHIPPED = Path.of("../policies/thumbnails.yml");

    @TempDir
    Path dir;

    private final VirtualClock clock = new VirtualClock(java.time.Instant.parse("2026-11-30T10:00:00Z"));

    @Test
    void refusesToStartOnAnEmptyDirectoryWithAClearMessage() {
        assertThatThrownBy(() -> new PolicyRegistry(new PolicyDirectory(dir, false)::load, clock))
                .hasMessageContaining(dir + " defines no policy")
                .hasMessageContaining("allowEmptyPolicies: true");
    }

    @Test
    void aReloadThatFindsTheDirectoryEmptiedKeepsTheLastGoodPoliciesAndTurnsTheHealthCheckRed() throws Exception {
        Files.copy(SHIPPED, dir.resolve("thumbnails.yml"), StandardCopyOption.REPLACE_EXISTING);
        PolicyRegistry registry = new PolicyRegistry(new PolicyDirectory(dir, false)::load, clock);
        assertThat(registry.all()).extracting(ScalingPolicy::name).containsExactly("thumbnails");

        Files.delete(dir.resolve("thumbnails.yml"));
        clock.advance(java.time.Duration.ofSeconds(10));

        assertThat(registry.reload()).isFalse();
        assertThat(registry.all()).extracting(ScalingPolicy::name).containsExactly("thumbnails");
        assertThat(registry.loadError()).hasValueSatisfying(e -> assertThat(e.message()).contains("defines no policy"));
        assertThat(new PoliciesHealthCheck(registry, new PolicyFailures(new InMemoryDecisionLog(1)),
                new HealthConfiguration(), clock).execute().isHealthy()).isFalse();
    }

    @Test
    void startsAndReloadsEmptyWhenTheConfigurationAllowsIt() throws Exception {
        PolicyRegistry registry = new PolicyRegistry(new PolicyDirectory(dir, true)::load, clock);

        assertThat(registry.all()).isEmpty();
        registry.reload();
        assertThat(registry.loadError()).isEmpty();
    }
}
