package io.queueautoscaler.sim;

import java.util.Arrays;

/**
 * Service completions ordered by time: a binary min-heap over primitive arrays, because a run
 * pushes and pops one entry per message and boxing them would dominate the run time.
 */
final class CompletionHeap {
    private double[] times = new double[256];
    private int[] instances = new int[256];
    private int[] queues = new int[256];
    private double[] held = new double[256];
    private int size;

    int size() {
        return size;
    }

    /** A message that completes at {@code time} after {@code service} seconds on {@code instance}. */
    void push(double time, double service, int instance, int queue) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            instances = Arrays.copyOf(instances, size * 2);
            queues = Arrays.copyOf(queues, size * 2);
            held = Arrays.copyOf(held, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (times[parent] <= time) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, time, service, instance, queue);
    }

    double peekTime() {
        return times[0];
    }

    int peekInstance() {
        return instances[0];
    }

    int peekQueue() {
        return queues[0];
    }

    /** How long the next message to complete was served. */
    double peekService() {
        return held[0];
    }

    void pop() {
        size--;
        if (size == 0) {
            return;
        }
        double time = times[size];
        double service = held[size];
        int instance = instances[size];
        int queue = queues[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && times[child + 1] < times[child]) {
                child++;
            }
            if (times[child] >= time) {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, time, service, instance, queue);
    }

    /** Service time still to run after {@code end}, summed over every pending completion. */
    double overrun(double end) {
        double total = 0;
        for (int i = 0; i < size; i++) {
            total += Math.max(0, times[i] - end);
        }
        return total;
    }

    private void move(int from, int to) {
        set(to, times[from], held[from], instances[from], queues[from]);
    }

    private void set(int i, double time, double service, int instance, int queue) {
        times[i] = time;
        held[i] = service;
        instances[i] = instance;
        queues[i] = queue;
    }
}
