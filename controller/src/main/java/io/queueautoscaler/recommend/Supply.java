package io.queueautoscaler.recommend;

import io.queueautoscaler.policy.ScalingPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The group's processing capacity over the coming seconds, for a candidate desired capacity:
 * the instances in service now, the pending ones landing when their warmup ends, and for a
 * scale-out the new ones landing after a full warmup. A scale-in is assumed to take effect at
 * once. Pending instances are dated by the recent scale-out events; those no event explains
 * (a slow boot, or a launch before the estimator's memory) are taken to land by the next
 * evaluation. The dated ones are {@link #booting()}.
 */
final class Supply {
    private final double perInstance;
    private final int current;
    private final int serving;
    private final double warmupSeconds;
    private final int booting;
    private final double[] landingSeconds;
    private final int[] landingCounts;

    private Supply(double perInstance, int current, int serving, double warmupSeconds, int booting,
                   double[] landingSeconds, int[] landingCounts) {
        this.perInstance = perInstance;
        this.current = current;
        this.serving = serving;
        this.warmupSeconds = warmupSeconds;
        this.booting = booting;
        this.landingSeconds = landingSeconds;
        this.landingCounts = landingCounts;
    }

    static Supply of(ScalingPolicy policy, FleetSnapshot fleet, List<ScaleEvent> events, Instant now, double perInstance) {
        int pending = Math.max(0, fleet.desired() - fleet.inService());
        double warmup = policy.workers().warmupSeconds();
        List<double[]> landings = new ArrayList<>();
        int booting = 0;
        for (int i = events.size() - 1; i >= 0 && pending > 0; i--) {
            ScaleEvent event = events.get(i);
            double remaining = warmup - Numbers.seconds(event.time(), now);
            if (event.change() > 0 && remaining > 0) {
                int count = Math.min(pending, event.change());
                landings.add(new double[] {remaining, count});
                pending -= count;
                booting += count;
            }
        }
        if (pending > 0) {
            landings.add(new double[] {Math.min(warmup, policy.evaluationIntervalSeconds()), pending});
        }
        landings.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] seconds = landings.stream().mapToDouble(l -> l[0]).toArray();
        int[] counts = landings.stream().mapToInt(l -> (int) l[1]).toArray();
        return new Supply(perInstance, fleet.desired(), fleet.inService(), warmup, booting, seconds, counts);
    }

    int current() {
        return current;
    }

    int serving() {
        return serving;
    }

    int pending() {
        int sum = 0;
        for (int count : landingCounts) {
            sum += count;
        }
        return sum;
    }

    /** Pending instances a scale-out ordered less than a warmup ago: still booting, as far as is known. */
    int booting() {
        return booting;
    }

    double warmupSeconds() {
        return warmupSeconds;
    }

    /** Messages the group can start within {@code seconds} from now at {@code capacity} desired. */
    double work(int capacity, double seconds) {
        if (seconds <= 0) {
            return 0;
        }
        double total = 0;
        double from = 0;
        int available = serving;
        int next = 0;
        boolean added = capacity <= current;
        while (from < seconds) {
            double until = seconds;
            if (next < landingSeconds.length) {
                until = Math.min(until, landingSeconds[next]);
            }
            if (!added) {
                until = Math.min(until, warmupSeconds);
            }
            int instances = capacity < current ? Math.min(capacity, available) : available;
            total += instances * (until - from);
            from = until;
            while (next < landingSeconds.length && landingSeconds[next] <= from) {
                available += landingCounts[next++];
            }
            if (!added && from >= warmupSeconds) {
                available += capacity - current;
                added = true;
            }
        }
        return total * perInstance;
    }
}
