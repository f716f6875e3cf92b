package io.queueautoscaler.recommend;

import java.util.Objects;

/** The outcome of one evaluation: the recommendation and the memory to hand the next one. */
public record Evaluation(Recommendation recommendation, PolicyMemory memory) {
    public Evaluation {
        Objects.requireNonNull(recommendation, "recommendation");
        Objects.requireNonNull(memory, "memory");
    }
}
