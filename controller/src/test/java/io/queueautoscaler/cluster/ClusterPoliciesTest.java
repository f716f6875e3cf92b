package io.queueautoscaler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.testing.PolicyBuilder;
import io.queueautoscaler.testing.TestDatabases;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Nodes on one database agree on each policy's version, or say which one they differ on. */
class ClusterPoliciesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    private final Jdbi jdbi = Jdbi.create(TestDatabases.h2());
    private final ClusterPolicies a = new ClusterPolicies(jdbi, "node-a", CLOCK);
    private final ClusterPolicies b = new ClusterPolicies(jdbi, "node-b", CLOCK);

    private static ScalingPolicy policy(String name, int max) {
        return PolicyBuilder.backlog(name, name + "-workers", 0, max).build();
    }

    @Test
    void nodesWithTheSameFilesAgreeOnEveryPolicy() {
        a.publish(List.of(policy("thumbnails", 10), policy("video", 5)));
        b.publish(List.of(policy("thumbnails", 10), policy("video", 5)));
        a.compare();
        b.compare();

        assertThat(a.disagreements()).isEmpty();
        assertThat(b.disagreements()).isEmpty();
        assertThat(a.agrees("thumbnails")).isTrue();
        assertThat(b.agrees("video")).isTrue();
    }

    @Test
    void aNodeWithAnOlderFileLeavesThatPolicyToTheOthersAndSaysWhy() {
        b.publish(List.of(policy("thumbnails", 10), policy("video", 5)));
        a.publish(List.of(policy("thumbnails", 20), policy("video", 5)));
        b.compare();

        assertThat(b.agrees("thumbnails")).isFalse();
        assertThat(b.agrees("video")).isTrue();
        assertThat(b.disagreements()).singleElement().satisfies(d -> {
            assertThat(d.policy()).isEqualTo("thumbnails");
            assertThat(d.describe()).contains("differs from the cluster's").contains("node-a");
        });
    }

    @Test
    void policiesOnlyOneSideHasAreReportedBothWays() {
        b.publish(List.of(policy("thumbnails", 10)));
        a.publish(List.of(policy("video", 5)));
        b.compare();

        assertThat(b.agrees("thumbnails")).isFalse();
        assertThat(b.agrees("video")).as("b has no such policy").isFalse();
        assertThat(b.disagreements()).extracting(ClusterPolicies.Disagreement::describe)
                .containsExactlyInAnyOrder("thumbnails: this node has it but the cluster does not run it",
                        "video: the cluster runs it (published by node-a at 2026-11-30T12:00:00Z) but this node has no such policy");
    }

    @Test
    void theFingerprintFollowsWhatThePolicyDoes() {
        assertThat(PolicyFingerprint.of(policy("thumbnails", 10))).isEqualTo(PolicyFingerprint.of(policy("thumbnails", 10)));
        assertThat(PolicyFingerprint.of(policy("thumbnails", 10))).isNotEqualTo(PolicyFingerprint.of(policy("thumbnails", 11)));
    }
}
