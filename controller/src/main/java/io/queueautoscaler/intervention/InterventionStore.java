package io.queueautoscaler.intervention;

import java.time.Instant;
import java.util.Map;

/**
 * Operators' pauses and overrides, kept in the database so that a restart, or another daemon
 * on the same database, honours them. Ended and lapsed ones stay, for the audit.
 */
public interface InterventionStore {

    /** Puts an intervention in force for the policy, ending the one of the same kind it replaces. */
    void start(String policy, Intervention intervention);

    /** Ends the policy's intervention of that kind; returns false when none was in force. */
    boolean end(String policy, Intervention.Kind kind, String by, Instant at);

    /** What is in force for one policy at {@code now}. */
    PolicyHold hold(String policy, Instant now);

    /** What is in force at {@code now}, for every policy that has something. */
    Map<String, PolicyHold> holds(Instant now);
}
