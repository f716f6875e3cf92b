package io.queueautoscaler.sim.baseline;

import io.queueautoscaler.sim.Algorithm;
import io.queueautoscaler.sim.Autoscaler;
import io.queueautoscaler.sim.Cluster;
import io.queueautoscaler.sim.SimFleet;
import io.queueautoscaler.sim.SimWorld;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * KEDA's aws-sqs-queue scaler driving the Kubernetes HPA, modelled from KEDA's documentation
 * (scalers/aws-sqs.md, reference/scaledobject-spec.md) with its defaults:
 * <ul>
 * <li>one trigger per queue; "actual messages" = ApproximateNumberOfMessages +
 *     ApproximateNumberOfMessagesNotVisible (scaleOnInFlight, default true), read with
 *     GetQueueAttributes (near real time) whenever the HPA asks;</li>
 * <li>queueLength is the per-pod target: "if one pod can handle 10 messages, set the queue length
 *     target to 10" (default 5). Against an SLO, what one pod can handle is what it works off
 *     within the acceptable wait: maxWaitSeconds * concurrencyPerInstance / mean service time, the
 *     same figure as AWS's acceptable backlog per instance; an integer, as KEDA parses it. This
 *     sizes the pool to the SLO's edge, which is why {@code --tune} scales it down;</li>
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

    private final long queueLength;

    Keda(long queueLength) {
        if (queueLength < 1) {
            throw new IllegalArgumentException("queueLength must be at least 1: " + queueLength);
        }
        this.queueLength = queueLength;
    }

    long queueLength() {
        return queueLength;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Autoscaler start(SimWorld world) {
        SimFleet fleet = world.fleet();
        Cluster cluster = world.cluster();
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
                    fleet.scaleTo(hpa.sync(second, fleet.desired(), messages, Collections.nCopies(messages.size(), (double) queueLength)));
                }
            }
        };
    }
}
