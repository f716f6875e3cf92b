package io.queueautoscaler.sim;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The physical world of one run: queues and instances, advanced event by event. Messages arrive
 * per the workload; an instance boots for bootSeconds, then serves up to concurrencyPerInstance
 * messages at a time, always taking the highest-priority queue that has a visible message (FIFO
 * within a queue), and the oldest instance with a free slot takes it. A retired instance that is
 * busy drains: it takes no new work and terminates when its last message completes.
 */
public final class Cluster {
    private static final byte BOOTING = 0;
    private static final byte SERVING = 1;
    private static final byte DRAINING = 2;
    private static final byte TERMINATED = 3;

    private final TraceWorkload workload;
    private final int concurrency;
    private final int bootSeconds;
    private final int queues;
    private final int[] arrived;
    private final int[] started;
    private final int[] inFlight;
    private final double[][] waits;
    private final int initialInstances;

    private int instances;
    private double[] launchedAt = new double[64];
    private double[] readyAt = new double[64];
    private double[] endedAt = new double[64];
    private int[] busy = new int[64];
    private byte[] state = new byte[64];
    private final BitSet freeSlots = new BitSet();
    private final BitSet alive = new BitSet();
    private int nextToBoot;
    private int booting;
    private int serving;
    private int busySlots;

    private final CompletionHeap completions = new CompletionHeap();
    private double now;
    private long processed;
    private double servedSeconds;
    private double busySlotSeconds;

    Cluster(TraceWorkload workload) {
        this.workload = workload;
        this.concurrency = workload.scenario().fleet().concurrencyPerInstance();
        this.bootSeconds = workload.scenario().fleet().bootSeconds();
        this.queues = workload.queues();
        this.arrived = new int[queues];
        this.started = new int[queues];
        this.inFlight = new int[queues];
        this.waits = new double[queues][];
        for (int q = 0; q < queues; q++) {
            waits[q] = new double[workload.arrivalTimes(q).length];
        }
        this.initialInstances = workload.scenario().fleet().initialCapacity();
        for (int i = 0; i < initialInstances; i++) {
            startServing(add(0, 0));
        }
    }

    /** Processes every arrival, boot and completion up to and including {@code time}. */
    void advanceTo(double time) {
        while (true) {
            double next = nextEventTime();
            if (next > time) {
                break;
            }
            now = next;
            while (completions.size() > 0 && completions.peekTime() == next) {
                complete(completions.peekInstance(), completions.peekQueue(), completions.peekService());
                completions.pop();
            }
            while (nextToBoot < instances && readyAt[nextToBoot] <= next) {
                if (state[nextToBoot] == BOOTING) {
                    booting--;
                    startServing(nextToBoot);
                }
                nextToBoot++;
            }
            for (int q = 0; q < queues; q++) {
                double[] times = workload.arrivalTimes(q);
                while (arrived[q] < times.length && times[arrived[q]] <= next) {
                    arrived[q]++;
                }
            }
            dispatch();
        }
        now = Math.max(now, time);
    }

    private double nextEventTime() {
        double next = completions.size() > 0 ? completions.peekTime() : Double.POSITIVE_INFINITY;
        // Boot times only grow with launch order (boot time is constant), so the next one to
        // finish booting is the first not yet past; cancelled ones are skipped when reached.
        if (nextToBoot < instances) {
            next = Math.min(next, readyAt[nextToBoot]);
        }
        for (int q = 0; q < queues; q++) {
            double[] times = workload.arrivalTimes(q);
            if (arrived[q] < times.length) {
                next = Math.min(next, times[arrived[q]]);
            }
        }
        return next;
    }

    private void complete(int instance, int queue, double service) {
        busy[instance]--;
        busySlots--;
        inFlight[queue]--;
        processed++;
        servedSeconds += service;
        if (state[instance] == DRAINING && busy[instance] == 0) {
            terminate(instance);
        } else if (state[instance] == SERVING) {
            freeSlots.set(instance);
        }
    }

    private void dispatch() {
        while (true) {
            int queue = firstVisibleQueue();
            if (queue < 0) {
                return;
            }
            int instance = freeSlots.nextSetBit(0);
            if (instance < 0) {
                return;
            }
            int message = started[queue]++;
            waits[queue][message] = now - workload.arrivalTimes(queue)[message];
            double service = workload.serviceTimes(queue)[message];
            busySlotSeconds += service;
            busySlots++;
            inFlight[queue]++;
            if (++busy[instance] == concurrency) {
                freeSlots.clear(instance);
            }
            completions.push(now + service, service, instance, queue);
        }
    }

    private int firstVisibleQueue() {
        for (int q = 0; q < queues; q++) {
            if (arrived[q] > started[q]) {
                return q;
            }
        }
        return -1;
    }

    /** Launches one instance now; it serves after bootSeconds. Returns its index. */
    int launch() {
        int instance = add(now, now + bootSeconds);
        if (bootSeconds == 0) {
            startServing(instance);
            dispatch();
        } else {
            booting++;
        }
        return instance;
    }

    /** Removes an instance: at once when booting or idle, after its messages when busy (it drains). */
    void retire(int instance) {
        switch (state[instance]) {
            case BOOTING -> {
                booting--;
                terminate(instance);
            }
            case SERVING -> {
                serving--;
                if (busy[instance] == 0) {
                    terminate(instance);
                } else {
                    state[instance] = DRAINING;
                    freeSlots.clear(instance);
                }
            }
            default -> throw new IllegalStateException("instance " + instance + " is already leaving");
        }
    }

    private int add(double launched, double ready) {
        if (instances == state.length) {
            int size = instances * 2;
            launchedAt = Arrays.copyOf(launchedAt, size);
            readyAt = Arrays.copyOf(readyAt, size);
            endedAt = Arrays.copyOf(endedAt, size);
            busy = Arrays.copyOf(busy, size);
            state = Arrays.copyOf(state, size);
        }
        int instance = instances++;
        launchedAt[instance] = launched;
        readyAt[instance] = ready;
        endedAt[instance] = Double.NaN;
        state[instance] = BOOTING;
        alive.set(instance);
        return instance;
    }

    private void startServing(int instance) {
        state[instance] = SERVING;
        serving++;
        freeSlots.set(instance);
    }

    private void terminate(int instance) {
        state[instance] = TERMINATED;
        endedAt[instance] = now;
        freeSlots.clear(instance);
        alive.clear(instance);
    }

    public double now() {
        return now;
    }

    public int queues() {
        return queues;
    }

    public int concurrency() {
        return concurrency;
    }

    /** Messages that arrived and have not started: SQS's ApproximateNumberOfMessages. */
    public long visible(int queue) {
        return arrived[queue] - started[queue];
    }

    /** Messages being served: SQS's ApproximateNumberOfMessagesNotVisible. */
    public long inFlight(int queue) {
        return inFlight[queue];
    }

    public long visible() {
        long total = 0;
        for (int q = 0; q < queues; q++) {
            total += visible(q);
        }
        return total;
    }

    public int booting() {
        return booting;
    }

    public int serving() {
        return serving;
    }

    /** Instances that count toward the group's capacity: booting or serving, not draining. */
    public int capacity() {
        return booting + serving;
    }

    public int busySlots() {
        return busySlots;
    }

    /** Messages whose service has completed so far. */
    public long processed() {
        return processed;
    }

    /** The service seconds of the messages completed so far, from each one's start to its end. */
    public double servedSeconds() {
        return servedSeconds;
    }

    public BitSet alive() {
        return (BitSet) alive.clone();
    }

    public boolean isBooting(int instance) {
        return state[instance] == BOOTING;
    }

    public boolean isServing(int instance) {
        return state[instance] == SERVING;
    }

    public boolean isDraining(int instance) {
        return state[instance] == DRAINING;
    }

    public boolean isAlive(int instance) {
        return instance >= 0 && instance < instances && alive.get(instance);
    }

    public int busy(int instance) {
        return busy[instance];
    }

    public double launchedAt(int instance) {
        return launchedAt[instance];
    }

    /** Instances in service when the run starts were launched long before: they are warm. */
    public boolean inServiceSince(int instance, double seconds) {
        return state[instance] == SERVING && (instance < initialInstances || now - launchedAt[instance] >= seconds);
    }

    /** Every message has arrived and none waits or is being served. */
    public boolean drained() {
        for (int q = 0; q < queues; q++) {
            if (arrived[q] < workload.arrivalTimes(q).length || arrived[q] > started[q] || inFlight[q] > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Ends the run at {@code end}: messages never started count with wait = end - arrival,
     * service still under way counts up to {@code end}, and instances still alive are charged to it.
     */
    Totals finish(double end) {
        advanceTo(end);
        double[][] finalWaits = new double[queues][];
        for (int q = 0; q < queues; q++) {
            double[] times = workload.arrivalTimes(q);
            finalWaits[q] = waits[q].clone();
            for (int m = started[q]; m < times.length; m++) {
                finalWaits[q][m] = end - times[m];
            }
        }
        double busySeconds = busySlotSeconds - completions.overrun(end);
        double instanceSeconds = 0;
        for (int i = 0; i < instances; i++) {
            double ended = state[i] == TERMINATED ? endedAt[i] : end;
            instanceSeconds += ended - launchedAt[i];
        }
        return new Totals(end, finalWaits, processed, instanceSeconds, busySeconds);
    }

    /** What a finished run measured. */
    record Totals(double endSeconds, double[][] waits, long processed, double instanceSeconds, double busySlotSeconds) {
    }
}
