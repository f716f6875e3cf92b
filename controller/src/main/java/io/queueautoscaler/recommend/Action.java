package io.queueautoscaler.recommend;

/** The direction of a decision. Whether it failed is its outcome's business. */
public enum Action {
    NONE, SCALE_OUT, SCALE_IN;

    public static Action between(int current, int desired) {
        return desired > current ? SCALE_OUT : desired < current ? SCALE_IN : NONE;
    }

    /** The head of a decision message: "scale out 4 -> 9", "scale in 9 -> 4", "hold 4". */
    public String describe(int current, int desired) {
        return switch (this) {
            case SCALE_OUT -> "scale out " + current + " -> " + desired;
            case SCALE_IN -> "scale in " + current + " -> " + desired;
            case NONE -> "hold " + current;
        };
    }
}
