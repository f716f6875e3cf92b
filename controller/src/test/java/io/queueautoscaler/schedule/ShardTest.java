package io.queueautoscaler.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.policy.ScalingPolicy;
import io.queueautoscaler.testing.PolicyBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTest {

    private static List<ScalingPolicy> policies(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> PolicyBuilder.backlog("orders-" + i, "orders-" + i + "-workers", 0, 5).interval(15).build())
                .toList();
    }

    @Test
    void placementIsAFixedFunctionOfNameAndInterval() {
        // Pinned values: every node, and every version of the daemon, must place a policy alike.
        assertThat(Shard.of("thumbnails", 15)).isEqualTo(new Shard(15, 56));
        assertThat(Shard.of("orders-0", 15)).isEqualTo(new Shard(15, 15));
        assertThat(Shard.of("orders-0", 30)).isEqualTo(new Shard(30, 15));
        assertThat(Shard.of("orders-1", 15)).isEqualTo(new Shard(15, 1));
        assertThat(Shard.of("orders-0", 15).jobName()).isEqualTo("every-15s-shard-15");
    }

    @Test
    void addingOrRemovingPoliciesMovesNoOtherPolicy() {
        ShardEvaluations few = new ShardEvaluations(tick -> { }, 1);
        ShardEvaluations many = new ShardEvaluations(tick -> { }, 1);
        try {
            few.assign(policies(100));
            many.assign(policies(1000));

            Map<String, Shard> before = shardOfEach(few);
            Map<String, Shard> after = shardOfEach(many);
            assertThat(after).containsAllEntriesOf(before);
            assertThat(many.members().keySet()).as("1,000 policies fill every shard of their interval")
                    .hasSize(Shard.PER_INTERVAL);
            // Names that differ only in a numeric suffix spread evenly too (16 a shard on average).
            assertThat(many.members().values()).allSatisfy(names -> assertThat(names).hasSizeBetween(4, 40));
        } finally {
            few.shutdown();
            many.shutdown();
        }
    }

    private static Map<String, Shard> shardOfEach(ShardEvaluations evaluations) {
        return evaluations.members().entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(name -> Map.entry(name, e.getKey())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void theShardsOfOneIntervalTickAtPhasesSpreadEvenlyOverIt() {
        Instant now = Instant.parse("2026-11-30T17:00:00.123Z");
        List<Instant> ticks = IntStream.range(0, Shard.PER_INTERVAL)
                .mapToObj(i -> new Shard(15, i).firstTickAfter(now)).sorted().toList();

        assertThat(ticks).allSatisfy(t -> assertThat(t).isAfter(now).isBeforeOrEqualTo(now.plusSeconds(15)));
        assertThat(ticks).doesNotHaveDuplicates();
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(Duration.between(ticks.get(i - 1), ticks.get(i))).isBetween(
                    Duration.ofMillis(15_000 / 64), Duration.ofMillis(15_000 / 64 + 1));
        }
    }

    @Test
    void aShardTicksOnTheSameGridWhicheverNodeCreatesItAndWhen() {
        Shard shard = new Shard(15, 7);
        Function<Instant, Long> phase = t -> Math.floorMod(t.toEpochMilli(), 15_000L);
        Instant first = shard.firstTickAfter(Instant.parse("2026-11-30T17:00:00Z"));
        Instant later = shard.firstTickAfter(Instant.parse("2026-11-30T18:13:42.987Z"));

        assertThat(phase.apply(first)).isEqualTo(phase.apply(later)).isEqualTo(7 * 15_000L / 64);
    }
}
