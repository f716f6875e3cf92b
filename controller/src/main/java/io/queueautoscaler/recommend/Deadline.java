package io.queueautoscaler.recommend;

/**
 * A message that must start within {@code seconds} from now, behind {@code work} messages (itself
 * included), plus the higher-priority messages arriving at {@code aheadRate} until it starts.
 */
record Deadline(double seconds, double work, double aheadRate) {

    boolean metBy(Supply supply, int capacity) {
        return seconds > 0 && supply.work(capacity, seconds) >= work + aheadRate * seconds;
    }

    Deadline movedTo(double later) {
        return new Deadline(later, work, aheadRate);
    }
}
