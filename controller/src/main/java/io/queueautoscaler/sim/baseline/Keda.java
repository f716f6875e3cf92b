package io.queueautoscaler.sim.baseline;

import io.queueautoscaler.sim.Algorithm;
import io.queueautoscaler.sim.Autoscaler;
import io.queueautoscaler.sim.Cluster;
import io.queueautoscaler.sim.SimFleet;
import io.queueautoscaler.sim.SimWorld;
import java.util.ArrayList;
import java.util.List;

/**
 * KEDA's aws-sqs-queue scaler driving the Kubernetes HPA, modelled from KEDA's documentation
 * (keda.sh/docs/latest/scalers/aws-sqs, "AWS SQS Queue"; keda.sh/docs/latest/reference/scaledobject-spec,
 * "ScaledObject specification") with its defaults:
 * <ul>
 * <li>one aws-sqs-queue trigger per queue, each its own external metric with its own queueLength
 *     target; the HPA computes a replica count per metric and takes the largest (see
 *     {@link HorizontalPodAutoscaler}); "actual messages" = ApproximateNumberOfMessages +
 *     ApproximateNumberOfMessagesNotVisible (scaleOnInFlight, default true), read with
 *     GetQueueAttributes (near real time) whenever the HPA asks;</li>
 * <li>queueLength is the per-pod target: "if one pod can handle 10 messages, set the queue length
 *     target to 10" (default 5). Against an SLO, what one pod can handle is what it works off
 *     within that queue's acceptable wait: maxWaitSeconds * concurrencyPerInstance / mean service
 *     time, the same figure as AWS's acceptable backlog per instance, so each trigger gets its own
 *     queue's figure; an integer, as KEDA parses it. This sizes the pool to the SLO's edge, which is
 *     why {@code --tune} scales every trigger's queueLength down together;</li>
 * <li>activation: every pollingInterval (30 s) the operator checks whether any queue holds more
 *     than activationQueueLength (0) messages, scaling 0 -> 1 when it does, and back to 0 when
 *     none has for cooldownPeriod (300 s; counted from the start of the run when never active);</li>
 * <li>between 1 and max, the HPA (sync every 15 s) with its default behavior and tolerance.</li>
 * </ul>
 */
final class Keda implements Algorithm {
    static final String NAME = "keda";
    static final int POLLING_INTERVAL_SECONDS = 30;
    static final int COOLDOWN_PERIOD_SECONDS = 300;
    static final int HPA_SYNC_SECONDS = 15;
    static final long ACTIVATION_QUEUE_LENGTH = 0;

    private final List<Double> queueLengths;

    /** One trigger per queue, in the scenario's queue order, each with its queueLength. */
    Keda(List<Long> queueLengths) {
        if (queueLengths.isEmpty()) {
            throw new IllegalArgumentException("KEDA needs at least one trigger");
        }
        for (long queueLength : queueLengths) {
            if (queueLength < 1) {
                throw new IllegalArgumentException("queueLength must be at least 1: " + queueLength);
            }
        }
        this.queueLengths = queueLengths.stream().map(Long::doubleValue).toList();
    }

    List<Long> queueLengths() {
        return queueLengths.stream().map(Double::longValue).toList();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Autoscaler start(SimWorld world) {
        SimFleet fleet = world.fleet();
        Cluster cluster = world.cluster();
        if (cluster.queues() != queueLengths.size()) {
            throw new IllegalArgumentException(queueLengths.size() + " KEDA trigger(s) for " + cluster.queues()
                    + " queue(s); give one queueLength per queue");
        }
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(Math.max(1, fleet.target().minCapacity()),
                fleet.target().maxCapacity());
        return new Autoscaler() {
            private long lastActive;

            @Override
            public int intervalSeconds() {
                return HPA_SYNC_SECONDS;
            }

            @Override
            public void evaluate(long second) {
                List<Double> messages = new ArrayList<>();
                boolean active = false;
                for (int q = 0; q < cluster.queues(); q++) {
                    long actual = cluster.visible(q) + cluster.inFlight(q);
                    messages.add((double) actual);
                    active |= actual > ACTIVATION_QUEUE_LENGTH;
                }
                if (second % POLLING_INTERVAL_SECONDS == 0) {
                    if (active) {
                        lastActive = second;
                        if (fleet.desired() == 0) {
                            fleet.scaleTo(1);
                        }
                    } else if (fleet.desired() > 0 && second - lastActive > COOLDOWN_PERIOD_SECONDS
                            && fleet.target().minCapacity() == 0) {
                        fleet.scaleTo(0);
                        return;
                    }
                }
                if (fleet.desired() > 0) {
                    fleet.scaleTo(hpa.sync(second, fleet.desired(), messages, queueLengths));
                }
            }
        };
    }
}
