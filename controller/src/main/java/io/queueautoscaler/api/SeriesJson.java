package io.queueautoscaler.api;

import java.util.List;
import java.util.Map;

/**
 * A policy's recent history as columns for a chart: {@code time} in epoch seconds, one value per
 * point in every other column (null where a decision could not observe it), per-queue columns
 * keyed by queue name, and the decisions that changed capacity or failed as markers.
 */
public record SeriesJson(String policy, String window, String from, String to, long stepSeconds, List<String> queues,
                         List<Long> time, List<Integer> desired, List<Integer> inService, List<Integer> leased,
                         Map<String, List<Long>> backlog, Map<String, List<Double>> arrivalRate,
                         List<MarkerJson> markers) {

    /** A decision on the chart: when, which way, from and to what (null when not known), and why. */
    public record MarkerJson(long id, long time, String action, String outcome, String reason, Integer from, Integer to,
                             String message) {
    }
}
