package io.queueautoscaler.recommend;

import java.util.Objects;

/** One named step of the recommendation: the capacity it produced and why, with the numbers. */
public record Stage(String name, int capacity, Reason reason, String detail) {
    public Stage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
