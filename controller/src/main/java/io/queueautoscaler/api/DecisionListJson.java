package io.queueautoscaler.api;

import java.util.List;

/** A page of decisions, newest first; {@code nextCursor} is null on the last page. */
public record DecisionListJson(List<DecisionJson> items, String nextCursor) {
}
