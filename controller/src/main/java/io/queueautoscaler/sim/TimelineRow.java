package io.queueautoscaler.sim;

/** The group and queues right after one evaluation; {@code backlog} holds the visible messages per queue. */
public record TimelineRow(long second, int desired, int inService, int busySlots, long[] backlog) {

    public long totalBacklog() {
        long total = 0;
        for (long b : backlog) {
            total += b;
        }
        return total;
    }
}
