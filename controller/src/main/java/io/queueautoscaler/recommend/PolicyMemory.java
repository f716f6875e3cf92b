package io.queueautoscaler.recommend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the recommender remembers between two evaluations of one policy. Immutable: each
 * evaluation returns the next memory, so the live loop, the tests and the simulator all replay
 * the same sequence.
 *
 * <ul>
 *   <li>{@code consecutiveFailures}: metric failures since the last good observation;
 *   <li>{@code activationStreak}: consecutive observations at zero with the activation backlog;
 *   <li>{@code lastSeen}: the desired capacity the group had at the last evaluation;
 *   <li>{@code recommendations}: timestamped recommendations inside the stabilization windows;
 *   <li>{@code scaleEvents}: changes of desired capacity inside the longest rate-limit period;
 *   <li>{@code workload}: the arrival and throughput estimator's state;
 *   <li>{@code bursts}: the bursts latency mode has seen, which decide how long it keeps their
 *       capacity ({@link BurstRhythm}). A memory stored before it was kept reads as none seen.
 * </ul>
 *
 * <p>Scale events are the changes the recommender sees between evaluations, stamped with the
 * time of the evaluation before the change: it cannot know whether its own recommendation was
 * applied (dry-run, a failed call), and a change it did not make still moved the capacity.
 */
public record PolicyMemory(
        int consecutiveFailures,
        int activationStreak,
        Optional<TimedCapacity> lastSeen,
        List<TimedCapacity> recommendations,
        List<ScaleEvent> scaleEvents,
        Workload workload,
        BurstRhythm bursts) {

    public static final PolicyMemory EMPTY =
            new PolicyMemory(0, 0, Optional.empty(), List.of(), List.of(), Workload.EMPTY, BurstRhythm.NONE);

    public PolicyMemory {
        if (consecutiveFailures < 0 || activationStreak < 0) {
            throw new IllegalArgumentException("counters cannot be negative");
        }
        Objects.requireNonNull(lastSeen, "lastSeen");
        recommendations = List.copyOf(recommendations);
        scaleEvents = List.copyOf(scaleEvents);
        Objects.requireNonNull(workload, "workload");
        if (bursts == null) { // stored by a version that did not keep them
            bursts = BurstRhythm.NONE;
        }
    }

    /**
     * The scale events with the change since the last evaluation added, trimmed to {@code seconds}
     * and one evaluation more (see {@link Windows}).
     */
    List<ScaleEvent> eventsSeenAt(Instant now, int desired, int seconds, int intervalSeconds) {
        int kept = seconds + intervalSeconds;
        List<ScaleEvent> events = new ArrayList<>();
        for (ScaleEvent event : scaleEvents) {
            if (Windows.within(event.time(), now, kept, intervalSeconds)) {
                events.add(event);
            }
        }
        lastSeen.filter(seen -> seen.capacity() != desired && Windows.within(seen.time(), now, kept, intervalSeconds))
                .ifPresent(seen -> events.add(new ScaleEvent(seen.time(), desired - seen.capacity())));
        return events;
    }
}
