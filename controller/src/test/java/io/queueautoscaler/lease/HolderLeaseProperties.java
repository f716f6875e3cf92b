package io.queueautoscaler.lease;

import static io.queueautoscaler.testing.InMemoryFleet.inService;
import static org.assertj.core.api.Assertions.assertThat;

import io.queueautoscaler.fleet.FleetInstance;
import io.queueautoscaler.clock.VirtualClock;
import io.queueautoscaler.testing.InMemoryFleet;
import io.queueautoscaler.testing.PolicyBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of take, renew, release, time passing (expiry) and flushes, for several
 * holders on several instances, against a model that is just "holder -> expiry": after every
 * step no holder's expiry differs from the model (so no operation of one holder changed
 * another's), and after every flush an instance is protected exactly while some holder's lease
 * on it is live.
 */
class HolderLeaseProperties {
    private static final String GROUP = "thumbnails-workers";
    private static final List<String> INSTANCES = List.of("i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002", "i-0a1b2c3d4e5f60003");
    private static final List<String> HOLDERS = List.of("task-a", "task-b", "task-c");
    private static final String WORKER = "10.0.1.23";

    sealed interface Step permits Protect, Release, Pass, Flush {
    }

    /** A take, or a renewal when the holder's lease is live. */
    record Protect(String instanceId, String holder, int seconds) implements Step {
    }

    record Release(String instanceId, String holder) implements Step {
    }

    record Pass(int seconds) implements Step {
    }

    record Flush() implements Step {
    }

    private record Key(String instanceId, String holder) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> instance = Arbitraries.of(INSTANCES);
        Arbitrary<String> holder = Arbitraries.of(HOLDERS);
        Arbitrary<Step> protect = Combinators.combine(instance, holder, Arbitraries.integers().between(1, 120))
                .as(Protect::new);
        Arbitrary<Step> release = Combinators.combine(instance, holder).as(Release::new);
        Arbitrary<Step> pass = Arbitraries.integers().between(1, 90).map(Pass::new);
        Arbitrary<Step> flush = Arbitraries.just(new Flush());
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, protect), net.jqwik.api.Tuple.of(2, release),
                        net.jqwik.api.Tuple.of(2, pass), net.jqwik.api.Tuple.of(2, flush))
                .list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 200)
    void anInstanceIsProtectedExactlyWhileSomeHolderIsLiveAndNoHolderMovesAnothersExpiry(
            @ForAll("steps") List<Step> steps) throws InterruptedException {
        VirtualClock clock = new VirtualClock(java.time.Instant.parse("2026-11-26T10:00:00Z"));
        InMemoryFleet fleet = new InMemoryFleet().group(GROUP, 0, 10, INSTANCES.size(),
                INSTANCES.stream().map(id -> inService(id)).toArray(FleetInstance[]::new));
        ProtectionLeases leases = ProtectionLeases.restore(new InMemoryLeaseStore(), fleet, id -> Optional.of(GROUP),
                Optional.empty(), () -> List.of(PolicyBuilder.backlog("thumbnails", GROUP, 0, 10).build()),
                Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(11), clock, "node-a");
        Map<Key, Instant> model = new HashMap<>();
        try {
            for (Step step : steps) {
                apply(step, leases, clock, model);
                Instant now = clock.instant();
                model.values().removeIf(expiry -> !now.isBefore(expiry));
                assertThat(storedLiveExpiries(leases, now)).as("after %s", step).isEqualTo(model);
                if (step instanceof Flush) {
                    assertThat(protectedInstances(fleet)).as("after %s", step).isEqualTo(
                            model.keySet().stream().map(Key::instanceId).collect(Collectors.toSet()));
                }
            }
        } finally {
            leases.flusher().stop();
        }
    }

    private static void apply(Step step, ProtectionLeases leases, VirtualClock clock, Map<Key, Instant> model) {
        if (step instanceof Protect p) {
            Instant expiry = leases.keeper().protect(p.instanceId(), p.holder(), OptionalInt.of(p.seconds()), WORKER)
                    .expiresAt();
            assertThat(expiry).isEqualTo(clock.instant().plusSeconds(p.seconds()));
            model.put(new Key(p.instanceId(), p.holder()), expiry);
        } else if (step instanceof Release r) {
            leases.keeper().release(r.instanceId(), r.holder(), WORKER);
            model.remove(new Key(r.instanceId(), r.holder()));
        } else if (step instanceof Pass p) {
            clock.advance(Duration.ofSeconds(p.seconds()));
        } else {
            leases.flusher().flush();
        }
    }

    private static Map<Key, Instant> storedLiveExpiries(ProtectionLeases leases, Instant now) {
        return leases.store().leases().stream().filter(l -> l.liveAt(now))
                .collect(Collectors.toMap(l -> new Key(l.instanceId(), l.holder()), Lease::expiresAt));
    }

    private static java.util.Set<String> protectedInstances(InMemoryFleet fleet) {
        return fleet.state(GROUP).instances().stream().filter(FleetInstance::protectedFromScaleIn)
                .map(FleetInstance::instanceId).collect(Collectors.toSet());
    }
}
