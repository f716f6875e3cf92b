package io.queueautoscaler.history;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The decision history: every evaluation, acted on or not. */
public interface DecisionLog {

    /** Stores a decision and returns it with its id. */
    Decision append(Decision decision);

    /** Stores decisions in order and returns them with their ids; a store writes them together where it can. */
    default List<Decision> appendAll(List<Decision> decisions) {
        return decisions.stream().map(this::append).toList();
    }

    Optional<Decision> find(long id);

    /** Newest first. */
    DecisionPage list(DecisionQuery query);

    /** The latest record of each named policy that has one; a store answers all in one query where it can. */
    default Map<String, Decision> latest(Collection<String> policies) {
        Map<String, Decision> latest = new LinkedHashMap<>();
        for (String policy : policies) {
            list(new DecisionQuery(Optional.of(policy), Optional.empty(), Optional.empty(), 1, Optional.empty()))
                    .items().stream().findFirst().ifPresent(d -> latest.put(policy, d));
        }
        return latest;
    }
}
