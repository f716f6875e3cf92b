package io.queueautoscaler.recommend;

/**
 * Tasks that workers leased one at a time and finished: how many leases were released and how
 * long they were held in all, in seconds. A lease held from a task's take to its release is the
 * time the task kept a worker slot busy, so {@code count / seconds} is what one busy slot does.
 * Leases that expired or were revoked are no finished tasks and are not counted.
 */
public record LeasedTasks(long count, double seconds) {
    public static final LeasedTasks NONE = new LeasedTasks(0, 0);

    public LeasedTasks {
        if (count < 0 || !(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("leased tasks need a count and seconds of at least 0, were "
                    + count + " and " + seconds);
        }
    }

    public LeasedTasks plus(LeasedTasks other) {
        return new LeasedTasks(count + other.count, seconds + other.seconds);
    }

    public boolean isEmpty() {
        return count == 0;
    }
}
