package io.queueautoscaler.intervention;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interventions in force as last read from the store, so that an evaluation asks memory, not
 * the database: a database that hangs must not hold up scaling. {@link #refresh} reads them all
 * in one query (every few seconds, and after each change made through this daemon); while the
 * store cannot answer, the last ones read stay in force, each until it lapses. A pause set
 * through another daemon of the cluster takes effect here at the next refresh.
 */
public final class RememberedInterventions implements InterventionStore {
    private static final Logger LOG = LoggerFactory.getLogger(RememberedInterventions.class);

    private final InterventionStore store;
    private final Clock clock;
    private volatile Map<String, PolicyHold> known = Map.of();
    private volatile boolean failing;

    public RememberedInterventions(InterventionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void start(String policy, Intervention intervention) {
        store.start(policy, intervention);
        refresh();
    }

    @Override
    public boolean end(String policy, Intervention.Kind kind, String by, Instant at) {
        boolean ended = store.end(policy, kind, by, at);
        refresh();
        return ended;
    }

    /** From memory: what was in force at the last refresh and still is at {@code now}. */
    @Override
    public PolicyHold hold(String policy, Instant now) {
        PolicyHold hold = known.getOrDefault(policy, PolicyHold.NONE);
        return new PolicyHold(hold.pause().filter(p -> p.inForceAt(now)), hold.override().filter(o -> o.inForceAt(now)));
    }

    /** From the store, as the API shows them. */
    @Override
    public Map<String, PolicyHold> holds(Instant now) {
        return store.holds(now);
    }

    /** Reads what is in force from the store; never throws, a failure keeps what was read before. */
    public void refresh() {
        try {
            known = store.holds(clock.instant());
            if (failing) {
                LOG.info("interventions read from the database again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("cannot read pauses and overrides from the database ({}); evaluations go on with the {} "
                        + "policies' interventions read before, until the database answers", e.toString(), known.size());
                failing = true;
            }
        }
    }
}
