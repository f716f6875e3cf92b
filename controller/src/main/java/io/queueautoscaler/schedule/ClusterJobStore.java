package io.queueautoscaler.schedule;

import java.sql.Connection;
import java.util.List;
import org.quartz.JobPersistenceException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;

/**
 * Quartz's JDBC job store with a failure detector that scales with the check-in interval. Quartz
 * declares a node dead once it has missed its check-in by a fixed 7.5 s; here the grace is one
 * more check-in interval, so a node is dead after two silent intervals (10 s at the default 5 s)
 * and the jobs it had taken move sooner when the interval is short. As in Quartz, the grace grows
 * by however long this node itself went without checking in, so a database outage that stalls
 * every node does not make them declare one another dead when it ends.
 */
public final class ClusterJobStore extends JobStoreTX {
    private volatile long previousCheckin = System.currentTimeMillis();

    @Override
    protected List<SchedulerStateRecord> clusterCheckIn(Connection conn) throws JobPersistenceException {
        List<SchedulerStateRecord> failed = super.clusterCheckIn(conn);
        previousCheckin = System.currentTimeMillis();
        return failed;
    }

    @Override
    protected long calcFailedIfAfter(SchedulerStateRecord rec) {
        long interval = rec.getCheckinInterval();
        return rec.getCheckinTimestamp() + Math.max(interval, System.currentTimeMillis() - previousCheckin) + interval;
    }
}
