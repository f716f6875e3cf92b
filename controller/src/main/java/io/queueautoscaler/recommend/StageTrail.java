package io.queueautoscaler.recommend;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recommendation on its way through the stages: the number so far, the stages that produced
 * or changed it, and the reason of the last one. The message joins their details, so the
 * explanation is the arithmetic itself.
 */
final class StageTrail {
    private final List<Stage> stages = new ArrayList<>();

    StageTrail(Stage first) {
        stages.add(first);
    }

    int capacity() {
        return stages.get(stages.size() - 1).capacity();
    }

    int first() {
        return stages.get(0).capacity();
    }

    /** Records a stage that changed the number; one that left it alone is not part of the story. */
    void then(Optional<Stage> stage) {
        stage.filter(s -> s.capacity() != capacity()).ifPresent(stages::add);
    }

    Reason reason() {
        return stages.get(stages.size() - 1).reason();
    }

    List<Stage> stages() {
        return List.copyOf(stages);
    }

    /** "scale out 4 -> 9: backlog ... needs 12 at ...; scale-up limit 9 instead of 12 (...)". */
    String message(int current) {
        int desired = capacity();
        StringBuilder line = new StringBuilder(Action.between(current, desired).describe(current, desired)).append(": ");
        for (int i = 0; i < stages.size(); i++) {
            line.append(i == 0 ? "" : "; ").append(stages.get(i).detail());
        }
        return line.toString();
    }
}
