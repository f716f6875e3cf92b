package io.queueautoscaler.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.queueautoscaler.recommend.Deletions;
import io.queueautoscaler.recommend.Estimates;
import io.queueautoscaler.recommend.FleetSnapshot;
import io.queueautoscaler.recommend.LatencyEstimates;
import io.queueautoscaler.recommend.QueueDepth;
import io.queueautoscaler.recommend.QueueEstimate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one evaluation saw and derived: the fleet (absent when the group could not be described),
 * each queue's depth (empty when unreadable), the failure if anything failed, and the estimates
 * of a good observation.
 *
 * <p>On the wire and in the store it is one flat JSON object, the shape the decision API has
 * always had: {@code fleet}, {@code queues} (each with its {@code deletions} per minute when the
 * source counts them, of the minutes throughput can be learned from), one of {@code fleetFailure}, {@code metricFailure}
 * or {@code evaluationFailure}, {@code backlog}, and in latency mode the throughput, rates and
 * needs, per queue as {@code waiting.<queue>}, {@code oldestWaitSeconds.<queue>},
 * {@code arrivalRate.<queue>} and {@code need.<queue>}. A number that is not finite is written
 * as null. Reading accepts what older versions stored.
 */
public record DecisionInputs(
        Optional<FleetSnapshot> fleet,
        List<QueueDepth> queues,
        Optional<Failure> failure,
        Optional<Estimates> estimates) {

    public static final DecisionInputs NONE = new DecisionInputs(Optional.empty(), List.of(), Optional.empty(), Optional.empty());

    private static final String[] QUEUE_KEYS = {"waiting.", "oldestWaitSeconds.", "arrivalRate.", "need."};

    public DecisionInputs {
        Objects.requireNonNull(fleet, "fleet");
        queues = learnable(queues);
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(estimates, "estimates");
    }

    /**
     * The queues with the deletions of only the minutes throughput can be learned from: those in
     * which messages waited throughout on one of the queues (see {@link Deletions#waitedThroughout}).
     * The other minutes prove nothing, and an idle policy's decisions, without them, stay alike
     * and fold into one record as the CloudWatch window moves on.
     */
    private static List<QueueDepth> learnable(List<QueueDepth> queues) {
        if (queues.stream().allMatch(q -> q.deletions().isEmpty())) {
            return List.copyOf(queues); // every evaluation but a CloudWatch-sourced policy's
        }
        Set<Instant> saturated = queues.stream().flatMap(q -> q.deletions().stream())
                .filter(Deletions::waitedThroughout).map(Deletions::minute).collect(Collectors.toSet());
        return queues.stream().map(q -> new QueueDepth(q.url(), q.visible(), q.inFlight(), q.delayed(),
                q.deletions().stream().filter(d -> saturated.contains(d.minute())).toList())).toList();
    }

    public DecisionInputs failed(Failure why) {
        return new DecisionInputs(fleet, queues, Optional.of(why), estimates);
    }

    @JsonValue
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        fleet.ifPresent(f -> json.put("fleet", f));
        if (!queues.isEmpty()) {
            json.put("queues", queues.stream().map(QueueJson::of).toList());
        }
        estimates.ifPresent(e -> {
            json.put("backlog", e.backlog());
            e.latency().ifPresent(l -> {
                json.put("throughputPerInstance", finite(l.throughputPerInstance()));
                json.put("throughputSource", l.throughputSource());
                json.put("throughputObservations", l.throughputObservations());
                json.put("sustainedArrivalRate", finite(l.sustainedArrivalRate()));
                json.put("keepUpCapacity", l.keepUpCapacity());
                json.put("burstRate", finite(l.burstRate()));
                json.put("burstCapacity", l.burstCapacity());
                for (QueueEstimate q : l.queues()) {
                    json.put("waiting." + q.queue(), q.waiting());
                    json.put("oldestWaitSeconds." + q.queue(), finite(q.oldestWaitSeconds()));
                    json.put("arrivalRate." + q.queue(), finite(q.arrivalRate()));
                    json.put("need." + q.queue(), q.need());
                }
            });
        });
        failure.ifPresent(f -> json.put(f.kind().key(), f.message()));
        return json;
    }

    @JsonCreator
    public static DecisionInputs fromJson(Map<String, Object> json) {
        Optional<FleetSnapshot> fleet = Optional.ofNullable(json.get("fleet")).map(f -> fleet((Map<?, ?>) f));
        List<QueueDepth> queues = new ArrayList<>();
        if (json.get("queues") instanceof List<?> list) {
            for (Object q : list) {
                Map<?, ?> depth = (Map<?, ?>) q;
                queues.add(new QueueDepth((String) depth.get("url"), whole(depth, "visible"), whole(depth, "inFlight"),
                        whole(depth, "delayed"), deletions(depth.get("deletions"))));
            }
        }
        Optional<Failure> failure = Optional.empty();
        for (Failure.Kind kind : Failure.Kind.values()) {
            if (json.get(kind.key()) instanceof String message) {
                failure = Optional.of(new Failure(kind, message));
            }
        }
        Optional<Estimates> estimates = json.containsKey("backlog")
                ? Optional.of(new Estimates(whole(json, "backlog"), latency(json)))
                : Optional.empty();
        return new DecisionInputs(fleet, queues, failure, estimates);
    }

    /** A queue's depth as a decision shows it: its deletions only when the source counts them. */
    record QueueJson(String url, long visible, long inFlight, long delayed,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MinuteJson> deletions) {
        static QueueJson of(QueueDepth depth) {
            return new QueueJson(depth.url(), depth.visible(), depth.inFlight(), depth.delayed(),
                    depth.deletions().stream().map(d -> new MinuteJson(d.minute().toString(), d.count(),
                            d.visibleAtStart(), d.visibleAtEnd())).toList());
        }
    }

    /** One minute's deletions, its start as ISO-8601 UTC. */
    record MinuteJson(String minute, long count, boolean visibleAtStart, boolean visibleAtEnd) {
    }

    /** A queue's deletions per minute; decisions of sources without them, and of older versions, have none. */
    private static List<Deletions> deletions(Object json) {
        List<Deletions> deletions = new ArrayList<>();
        if (json instanceof List<?> list) {
            for (Object d : list) {
                Map<?, ?> minute = (Map<?, ?>) d;
                deletions.add(new Deletions(Instant.parse((String) minute.get("minute")), whole(minute, "count"),
                        Boolean.TRUE.equals(minute.get("visibleAtStart")), Boolean.TRUE.equals(minute.get("visibleAtEnd"))));
            }
        }
        return deletions;
    }

    /** Older decisions did not record the group's own MinSize and MaxSize: read as no limit of the group's. */
    private static FleetSnapshot fleet(Map<?, ?> json) {
        int min = json.containsKey("groupMinSize") ? (int) whole(json, "groupMinSize") : 0;
        int max = json.containsKey("groupMaxSize") ? (int) whole(json, "groupMaxSize") : Integer.MAX_VALUE;
        return new FleetSnapshot((int) whole(json, "desired"), (int) whole(json, "inService"), (int) whole(json, "leased"),
                min, max);
    }

    /** Latency mode's estimates; decisions of the other modes have none (older ones recorded a throughput alone). */
    private static Optional<LatencyEstimates> latency(Map<String, Object> json) {
        if (!json.containsKey("sustainedArrivalRate")) {
            return Optional.empty();
        }
        List<QueueEstimate> queues = new ArrayList<>();
        for (String key : json.keySet()) {
            if (key.startsWith(QUEUE_KEYS[0])) {
                String queue = key.substring(QUEUE_KEYS[0].length());
                queues.add(new QueueEstimate(queue, whole(json, key), real(json, QUEUE_KEYS[1] + queue),
                        real(json, QUEUE_KEYS[2] + queue), (int) whole(json, QUEUE_KEYS[3] + queue)));
            }
        }
        return Optional.of(new LatencyEstimates(real(json, "throughputPerInstance"),
                String.valueOf(json.get("throughputSource")), (int) whole(json, "throughputObservations"),
                real(json, "sustainedArrivalRate"),
                (int) whole(json, "keepUpCapacity"), real(json, "burstRate"), (int) whole(json, "burstCapacity"), queues));
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static long whole(Map<?, ?> json, String key) {
        return json.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static double real(Map<?, ?> json, String key) {
        return json.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
