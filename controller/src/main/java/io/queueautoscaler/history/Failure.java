package io.queueautoscaler.history;

import java.util.Objects;

/** Why an evaluation could not see or decide: what failed, and the error as it came. */
public record Failure(Kind kind, String message) {

    /** What failed; each has its own key in a decision's recorded inputs. */
    public enum Kind {
        /** The Auto Scaling Group could not be described. */
        FLEET("fleetFailure"),
        /** The queues' depth could not be read. */
        METRICS("metricFailure"),
        /** The evaluation itself threw (a defect). */
        EVALUATION("evaluationFailure");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    public Failure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
