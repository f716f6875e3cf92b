package io.queueautoscaler.recommend;

import java.time.Instant;
import java.util.List;

/**
 * Times, fleets and observations for the recommendation tests; the policies they evaluate come
 * from {@link io.queueautoscaler.testing.PolicyBuilder}.
 */
final class PolicyFixture {
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private PolicyFixture() {
    }

    static Instant at(long seconds) {
        return START.plusSeconds(seconds);
    }

    /** A fleet whose group's own MinSize and MaxSize leave the policy's bounds alone. */
    static FleetSnapshot fleet(int desired, int inService, int leased) {
        return new FleetSnapshot(desired, inService, leased, 0, Integer.MAX_VALUE);
    }

    /** A steady fleet: everything desired is in service. */
    static FleetSnapshot fleet(int desired) {
        return fleet(desired, desired, 0);
    }

    static QueueDepth depth(String url, long visible, long inFlight) {
        return new QueueDepth(url, visible, inFlight, 0);
    }

    static Observation observe(long seconds, FleetSnapshot fleet, QueueDepth... queues) {
        return Observation.of(at(seconds), fleet, List.of(queues));
    }
}
