package io.queueautoscaler.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.quartz.JobPersistenceException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's JDBC job store with a failure detector that scales with the check-in interval, and a
 * shutdown that hands over at once.
 *
 * <p>Quartz declares a node dead once it has missed its check-in by a fixed 7.5 s; here the grace
 * is one more check-in interval, so a node is dead after two silent intervals (10 s at the default
 * 5 s) and the jobs it had taken move sooner when the interval is short. As in Quartz, the grace
 * grows by however long this node itself went without checking in, so a database outage that
 * stalls every node does not make them declare one another dead when it ends.
 *
 * <p>A node takes the triggers due within the next second before it fires them. Quartz's own
 * shutdown leaves the ones it took but had not fired yet to the failure detector: the other nodes
 * would free them only once this node counts as dead, too late for those ticks, which would then
 * be skipped as misfired. Here the node frees them itself when it leaves (after its running ticks
 * finished) and withdraws from the cluster, so the others fire those ticks on time.
 */
public final class ClusterJobStore extends JobStoreTX {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJobStore.class);

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

    @Override
    public void shutdown() {
        if (isClustered()) {
            try {
                executeInLock(LOCK_TRIGGER_ACCESS, conn -> {
                    SchedulerStateRecord self = new SchedulerStateRecord();
                    self.setSchedulerInstanceId(getInstanceId());
                    clusterRecover(conn, List.of(self));
                    try {
                        getDelegate().deleteSchedulerState(conn, getInstanceId());
                    } catch (SQLException e) {
                        throw new JobPersistenceException("cannot withdraw from the cluster: " + e.getMessage(), e);
                    }
                    return null;
                });
            } catch (JobPersistenceException | RuntimeException e) {
                LOG.warn("node {} could not hand its next ticks over as it left ({}); the other nodes take them "
                        + "once they count it as dead, after two check-in intervals", getInstanceId(), e.toString());
            }
        }
        super.shutdown();
    }
}
