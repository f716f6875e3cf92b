package io.queueautoscaler.schedule;

import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;

/**
 * A job the scheduler can interrupt when the daemon stops: the thread running it is interrupted,
 * so that its waits end at once and its AWS calls at the end of the attempt in flight.
 */
abstract class InterruptibleJob implements InterruptableJob {
    private volatile Thread runner;

    @Override
    public final void execute(JobExecutionContext context) {
        runner = Thread.currentThread();
        try {
            run(context);
        } finally {
            runner = null;
            Thread.interrupted(); // the pool's thread runs the next job uninterrupted
        }
    }

    abstract void run(JobExecutionContext context);

    @Override
    public final void interrupt() {
        Thread running = runner;
        if (running != null) {
            running.interrupt();
        }
    }
}
