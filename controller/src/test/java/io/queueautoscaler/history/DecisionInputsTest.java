package io.queueautoscaler.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.queueautoscaler.recommend.Deletions;
import io.queueautoscaler.recommend.Estimates;
import io.queueautoscaler.recommend.FleetSnapshot;
import io.queueautoscaler.recommend.LatencyEstimates;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.recommend.QueueEstimate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionInputsTest {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final String Q = "http://localhost:9324/000000000000/jobs-high";

    @Test
    void writesTheFlatShapeTheApiHasAlwaysShownAndReadsItBackEqual() throws Exception {
        DecisionInputs inputs = new DecisionInputs(Optional.of(new FleetSnapshot(4, 3, 1, 0, 40)),
                List.of(new QueueDepth(Q, 300, 8, 0)), Optional.empty(),
                Optional.of(new Estimates(308, Optional.of(new LatencyEstimates(2.0, "declared", 0, 1.5, 0, 0.25, 1,
                        List.of(new QueueEstimate("jobs-high", 300, 45.0, 1.5, 6)))))));

        String json = JSON.writeValueAsString(inputs);

        assertThat(json).isEqualTo("{\"fleet\":{\"desired\":4,\"inService\":3,\"leased\":1,\"groupMinSize\":0,"
                + "\"groupMaxSize\":40},\"queues\":[{\"url\":\"" + Q + "\",\"visible\":300,\"inFlight\":8,\"delayed\":0}],"
                + "\"backlog\":308,\"throughputPerInstance\":2.0,\"throughputSource\":\"declared\","
                + "\"throughputObservations\":0,\"sustainedArrivalRate\":1.5,\"keepUpCapacity\":0,\"burstRate\":0.25,\"burstCapacity\":1,"
                + "\"waiting.jobs-high\":300,\"oldestWaitSeconds.jobs-high\":45.0,\"arrivalRate.jobs-high\":1.5,"
                + "\"need.jobs-high\":6}");
        assertThat(JSON.readValue(json, DecisionInputs.class)).isEqualTo(inputs);
    }

    @Test
    void theQueuesShowTheMessagesDeletedInTheMinutesThroughputCanBeLearnedFrom() throws Exception {
        String low = "http://localhost:9324/000000000000/jobs-low";
        QueueDepth high = new QueueDepth(Q, 40, 16, 0, List.of(
                new Deletions(minute("10:57"), 90, false, true),
                new Deletions(minute("10:58"), 210, true, true),
                new Deletions(minute("10:59"), 150, true, false)));
        QueueDepth idle = new QueueDepth(low, 0, 2, 0, List.of(
                new Deletions(minute("10:57"), 4, false, false),
                new Deletions(minute("10:58"), 30, false, false),
                new Deletions(minute("10:59"), 12, false, false)));
        DecisionInputs inputs = new DecisionInputs(Optional.empty(), List.of(high, idle), Optional.empty(), Optional.empty());

        String json = JSON.writeValueAsString(inputs);

        // Only 10:58 had messages waiting throughout (on jobs-high): its deletions from both queues are the evidence.
        assertThat(json).isEqualTo("{\"queues\":[{\"url\":\"" + Q + "\",\"visible\":40,\"inFlight\":16,\"delayed\":0,"
                + "\"deletions\":[{\"minute\":\"2025-03-14T10:58:00Z\",\"count\":210,\"visibleAtStart\":true,\"visibleAtEnd\":true}]},"
                + "{\"url\":\"" + low + "\",\"visible\":0,\"inFlight\":2,\"delayed\":0,"
                + "\"deletions\":[{\"minute\":\"2025-03-14T10:58:00Z\",\"count\":30,\"visibleAtStart\":false,\"visibleAtEnd\":false}]}]}");
        assertThat(JSON.readValue(json, DecisionInputs.class)).isEqualTo(inputs);
    }

    @Test
    void anIdleQueuesInputsStayAlikeAsTheMinutesOfDeletionsMoveOnSoItsDecisionsFold() {
        DecisionInputs at1100 = idle("10:57", "10:58");
        DecisionInputs at1101 = idle("10:58", "10:59");

        assertThat(at1101).isEqualTo(at1100);
        assertThat(at1101.queues().get(0).deletions()).isEmpty();
    }

    private static DecisionInputs idle(String... minutes) {
        List<Deletions> none = java.util.Arrays.stream(minutes).map(m -> new Deletions(minute(m), 0, false, false)).toList();
        return new DecisionInputs(Optional.of(new FleetSnapshot(1, 1, 0, 0, 10)), List.of(new QueueDepth(Q, 0, 0, 0, none)),
                Optional.empty(), Optional.empty());
    }

    private static Instant minute(String minute) {
        return Instant.parse("2025-03-14T" + minute + ":00Z");
    }

    @Test
    void aNumberThatIsNotFiniteIsWrittenAsNull() throws Exception {
        DecisionInputs inputs = new DecisionInputs(Optional.empty(), List.of(), Optional.empty(),
                Optional.of(new Estimates(0, Optional.of(new LatencyEstimates(Double.NaN, "assumed", 0, Double.POSITIVE_INFINITY,
                        0, 0, 0, List.of())))));

        String json = JSON.writeValueAsString(inputs);

        assertThat(json).contains("\"throughputPerInstance\":null", "\"sustainedArrivalRate\":null").doesNotContain("NaN");
    }

    @Test
    void readsWhatEarlierVersionsStored() throws Exception {
        String stored = "{\"fleet\":{\"desired\":5,\"inService\":4,\"booting\":1,\"leased\":2},"
                + "\"queues\":[{\"url\":\"" + Q + "\",\"visible\":20,\"inFlight\":3,\"delayed\":0,\"oldestAgeSeconds\":\"NaN\"}],"
                + "\"backlog\":23,\"throughputPerInstance\":0.8,\"throughputSource\":\"assumed\"}";

        DecisionInputs read = JSON.readValue(stored, DecisionInputs.class);

        assertThat(read.fleet()).contains(new FleetSnapshot(5, 4, 2, 0, Integer.MAX_VALUE));
        assertThat(read.queues()).containsExactly(new QueueDepth(Q, 20, 3, 0));
        assertThat(read.estimates()).contains(new Estimates(23, Optional.empty()));
        assertThat(read.failure()).isEmpty();
    }

    @Test
    void readsEachKindOfFailureFromItsKey() throws Exception {
        for (Failure.Kind kind : Failure.Kind.values()) {
            DecisionInputs read = JSON.readValue("{\"" + kind.key() + "\":\"Rate exceeded\"}", DecisionInputs.class);

            assertThat(read.failure()).contains(new Failure(kind, "Rate exceeded"));
        }
    }
}
