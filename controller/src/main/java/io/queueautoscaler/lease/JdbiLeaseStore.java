package io.queueautoscaler.lease;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Leases in the decisions' database (H2 file on the embedded default, PostgreSQL in production).
 *
 * <p>Taking a lease and blocking an instance each read, then write: two nodes doing both at once
 * for one instance must not both win. They serialize per instance: in this process by a striped
 * lock, across processes on PostgreSQL by a transaction-scoped advisory lock on the instance
 * (released by the commit; H2 is only ever opened by one process).
 */
public final class JdbiLeaseStore implements LeaseStore {
    private static final String COLUMNS =
            "instance_id, holder, group_name, taken_at, expires_at, lease_seconds, protected_by_other";
    private static final int STRIPES = 64;

    private final Jdbi jdbi;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private volatile Boolean postgres;

    public JdbiLeaseStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @Override
    public List<Boolean> renew(List<Renewal> renewals) {
        if (renewals.isEmpty()) {
            return List.of();
        }
        int[] counts = jdbi.inTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("UPDATE lease_holders SET expires_at = :expiresAt, lease_seconds = :seconds "
                    + "WHERE instance_id = :id AND holder = :holder AND expires_at > :at");
            renewals.forEach(r -> batch.bind("expiresAt", time(r.expiresAt())).bind("seconds", seconds(r.period()))
                    .bind("id", r.instanceId()).bind("holder", r.holder()).bind("at", time(r.at())).add());
            return batch.execute();
        });
        List<Boolean> renewed = new ArrayList<>(counts.length);
        for (int count : counts) {
            renewed.add(count > 0);
        }
        return renewed;
    }

    @Override
    public TakeOutcome take(Lease lease, int maxHolders) {
        return underInstanceLock(lease.instanceId(), h -> {
            Instant now = lease.takenAt();
            int renewed = h.createUpdate("UPDATE lease_holders SET expires_at = :expiresAt, lease_seconds = :seconds "
                            + "WHERE instance_id = :id AND holder = :holder AND expires_at > :now")
                    .bind("expiresAt", time(lease.expiresAt())).bind("seconds", seconds(lease.period()))
                    .bind("id", lease.instanceId()).bind("holder", lease.holder()).bind("now", time(now)).execute();
            if (renewed > 0) {
                return TakeOutcome.RENEWED;
            }
            Optional<InstanceBlock> block = blockOf(h, lease.instanceId(), now);
            if (block.isPresent()) {
                return block.get() == InstanceBlock.DRAINING ? TakeOutcome.DRAINING : TakeOutcome.SCALING_IN;
            }
            int live = h.createQuery("SELECT COUNT(*) FROM lease_holders WHERE instance_id = :id AND expires_at > :now")
                    .bind("id", lease.instanceId()).bind("now", time(now)).mapTo(Integer.class).one();
            if (live >= maxHolders) {
                return TakeOutcome.FULL;
            }
            h.createUpdate("DELETE FROM lease_holders WHERE instance_id = :id AND holder = :holder")
                    .bind("id", lease.instanceId()).bind("holder", lease.holder()).execute();
            h.createUpdate("INSERT INTO lease_holders (" + COLUMNS + ") VALUES "
                            + "(:id, :holder, :group, :takenAt, :expiresAt, :seconds, :byOther)")
                    .bind("id", lease.instanceId()).bind("holder", lease.holder())
                    .bind("group", lease.autoScalingGroupName()).bind("takenAt", time(lease.takenAt()))
                    .bind("expiresAt", time(lease.expiresAt())).bind("seconds", seconds(lease.period()))
                    .bind("byOther", lease.protectedByOther()).execute();
            insertEvents(h, List.of(LeaseAudit.taken(lease)));
            return TakeOutcome.TAKEN;
        });
    }

    @Override
    public Optional<Lease> release(String instanceId, String holder, Instant now) {
        return jdbi.inTransaction(h -> {
            Optional<Lease> lease = h.createQuery("SELECT " + COLUMNS + " FROM lease_holders "
                            + "WHERE instance_id = :id AND holder = :holder")
                    .bind("id", instanceId).bind("holder", holder).map((rs, ctx) -> lease(rs)).findOne();
            if (lease.isPresent() && deleteExactly(h, List.of(lease.get())) > 0) {
                insertEvents(h, List.of(LeaseAudit.released(lease.get(), now)));
                return lease;
            }
            return Optional.<Lease>empty();
        });
    }

    @Override
    public List<Lease> revoke(String instanceId, Instant now, String by) {
        return jdbi.inTransaction(h -> {
            List<Lease> leases = leasesOf(h, instanceId);
            h.createUpdate("DELETE FROM lease_holders WHERE instance_id = :id").bind("id", instanceId).execute();
            if (!leases.isEmpty()) {
                insertEvents(h, List.of(LeaseAudit.revoked(instanceId, leases.get(0).autoScalingGroupName(),
                        leases.size(), now, by)));
            }
            return leases;
        });
    }

    @Override
    public List<Lease> leases() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM lease_holders ORDER BY instance_id, holder")
                .map((rs, ctx) -> lease(rs)).list());
    }

    @Override
    public List<Lease> leasesOf(String instanceId) {
        return jdbi.withHandle(h -> leasesOf(h, instanceId));
    }

    @Override
    public List<Lease> expire(Collection<Lease> due, Instant now) {
        if (due.isEmpty()) {
            return List.of();
        }
        List<Lease> candidates = List.copyOf(due);
        return jdbi.inTransaction(h -> {
            PreparedBatch delete = h.prepareBatch("DELETE FROM lease_holders "
                    + "WHERE instance_id = :id AND holder = :holder AND expires_at <= :now");
            candidates.forEach(l -> delete.bind("id", l.instanceId()).bind("holder", l.holder()).bind("now", time(now)).add());
            int[] counts = delete.execute();
            List<Lease> expired = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    expired.add(candidates.get(i));
                }
            }
            insertEvents(h, expired.stream().map(l -> LeaseAudit.expired(l, now)).toList());
            return expired;
        });
    }

    @Override
    public Set<String> leasedAmong(Collection<String> instanceIds, Instant now) {
        if (instanceIds.isEmpty()) {
            return Set.of();
        }
        return jdbi.withHandle(h -> new TreeSet<>(h.createQuery("SELECT DISTINCT instance_id FROM lease_holders "
                        + "WHERE instance_id IN (<ids>) AND expires_at > :now")
                .bindList("ids", List.copyOf(instanceIds)).bind("now", time(now)).mapTo(String.class).list()));
    }

    @Override
    public void drop(Collection<String> instanceIds, Instant now, String why) {
        if (instanceIds.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            List<LeaseEvent> events = new ArrayList<>();
            for (String id : instanceIds) {
                leasesOf(h, id).forEach(l -> events.add(LeaseAudit.dropped(l, now, why)));
                h.createUpdate("DELETE FROM lease_holders WHERE instance_id = :id").bind("id", id).execute();
            }
            insertEvents(h, events);
        });
    }

    @Override
    public List<Lease> grace(Instant now) {
        return jdbi.inTransaction(h -> {
            List<Lease> due = h.createQuery("SELECT " + COLUMNS + " FROM lease_holders WHERE expires_at <= :now "
                    + "ORDER BY instance_id, holder").bind("now", time(now)).map((rs, ctx) -> lease(rs)).list();
            if (due.isEmpty()) {
                return due;
            }
            List<Lease> extended = due.stream().map(l -> l.renewedUntil(now.plus(l.period()), l.period())).toList();
            PreparedBatch update = h.prepareBatch("UPDATE lease_holders SET expires_at = :expiresAt "
                    + "WHERE instance_id = :id AND holder = :holder");
            extended.forEach(l -> update.bind("expiresAt", time(l.expiresAt())).bind("id", l.instanceId())
                    .bind("holder", l.holder()).add());
            update.execute();
            List<LeaseEvent> events = new ArrayList<>();
            for (int i = 0; i < due.size(); i++) {
                events.add(LeaseAudit.graced(due.get(i), extended.get(i), now));
            }
            insertEvents(h, events);
            return extended;
        });
    }

    @Override
    public void markProtectedByOther(String instanceId, boolean protectedByOther) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE lease_holders SET protected_by_other = :flag WHERE instance_id = :id")
                .bind("flag", protectedByOther).bind("id", instanceId).execute());
    }

    @Override
    public boolean block(String instanceId, InstanceBlock reason, Instant now, boolean onlyIfUnleased) {
        return underInstanceLock(instanceId, h -> {
            if (onlyIfUnleased && h.createQuery("SELECT COUNT(*) FROM lease_holders WHERE instance_id = :id "
                    + "AND expires_at > :now").bind("id", instanceId).bind("now", time(now)).mapTo(Integer.class).one() > 0) {
                return false;
            }
            Optional<InstanceBlock> existing = blockOf(h, instanceId, now);
            if (existing.isPresent() && existing.get() == InstanceBlock.DRAINING && reason == InstanceBlock.SCALE_IN) {
                return true; // draining already refuses leases, and its hook is terminating the instance anyway
            }
            h.createUpdate("DELETE FROM instance_blocks WHERE instance_id = :id").bind("id", instanceId).execute();
            h.createUpdate("INSERT INTO instance_blocks (instance_id, reason, since) VALUES (:id, :reason, :since)")
                    .bind("id", instanceId).bind("reason", reason.name()).bind("since", time(now)).execute();
            return true;
        });
    }

    @Override
    public void unblock(String instanceId, InstanceBlock reason) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM instance_blocks WHERE instance_id = :id AND reason = :reason")
                .bind("id", instanceId).bind("reason", reason.name()).execute());
    }

    @Override
    public Map<String, InstanceBlock> blocks(Instant now) {
        Map<String, InstanceBlock> blocks = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT instance_id, reason, since FROM instance_blocks ORDER BY instance_id")
                .map((rs, ctx) -> Map.entry(rs.getString("instance_id"),
                        Map.entry(InstanceBlock.valueOf(rs.getString("reason")), instant(rs, "since"))))
                .forEach(e -> {
                    if (e.getValue().getKey().inForce(e.getValue().getValue(), now)) {
                        blocks.put(e.getKey(), e.getValue().getKey());
                    }
                }));
        return blocks;
    }

    @Override
    public Map<String, LedgerEntry> protectedInstances() {
        Map<String, LedgerEntry> found = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT instance_id, group_name, confirmed FROM protected_instances "
                        + "ORDER BY instance_id")
                .map((rs, ctx) -> Map.entry(rs.getString("instance_id"),
                        new LedgerEntry(rs.getString("group_name"), rs.getBoolean("confirmed"))))
                .forEach(e -> found.put(e.getKey(), e.getValue())));
        return found;
    }

    @Override
    public void addProtected(String autoScalingGroupName, Collection<String> instanceIds, Instant since) {
        if (instanceIds.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            deleteProtected(h, instanceIds);
            PreparedBatch insert = h.prepareBatch("INSERT INTO protected_instances (instance_id, group_name, since, confirmed) "
                    + "VALUES (:id, :group, :since, FALSE)");
            instanceIds.forEach(id -> insert.bind("id", id).bind("group", autoScalingGroupName).bind("since", time(since)).add());
            insert.execute();
        });
    }

    @Override
    public void confirmProtected(Collection<String> instanceIds, boolean confirmed) {
        if (instanceIds.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            PreparedBatch update = h.prepareBatch("UPDATE protected_instances SET confirmed = :confirmed WHERE instance_id = :id");
            instanceIds.forEach(id -> update.bind("confirmed", confirmed).bind("id", id).add());
            update.execute();
        });
    }

    @Override
    public void removeProtected(Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> deleteProtected(h, instanceIds));
    }

    private static void deleteProtected(Handle h, Collection<String> instanceIds) {
        PreparedBatch delete = h.prepareBatch("DELETE FROM protected_instances WHERE instance_id = :id");
        instanceIds.forEach(id -> delete.bind("id", id).add());
        delete.execute();
    }

    @Override
    public boolean own(String autoScalingGroupName, String node, Instant now, Duration hold) {
        int updated = jdbi.withHandle(h -> h.createUpdate("UPDATE protection_owners SET node = :node, until = :until "
                        + "WHERE group_name = :group AND (node = :node OR until <= :now)")
                .bind("node", node).bind("until", time(now.plus(hold))).bind("group", autoScalingGroupName)
                .bind("now", time(now)).execute());
        if (updated > 0) {
            return true;
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO protection_owners (group_name, node, until) "
                            + "VALUES (:group, :node, :until)")
                    .bind("group", autoScalingGroupName).bind("node", node).bind("until", time(now.plus(hold))).execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            return false; // another node holds the row (or inserted it just now)
        }
    }

    @Override
    public void record(Collection<LeaseEvent> events) {
        if (!events.isEmpty()) {
            jdbi.useTransaction(h -> insertEvents(h, events));
        }
    }

    @Override
    public int deleteEventsBefore(Instant cutoff) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM lease_events WHERE at < :cutoff")
                .bind("cutoff", time(cutoff)).execute());
    }

    private interface Step<T> {
        T run(Handle h);
    }

    private <T> T underInstanceLock(String instanceId, Step<T> step) {
        ReentrantLock stripe = stripes[Math.floorMod(instanceId.hashCode(), STRIPES)];
        stripe.lock();
        try {
            return jdbi.inTransaction(h -> {
                if (isPostgres(h)) {
                    h.createQuery("SELECT pg_advisory_xact_lock(hashtext(:key))").bind("key", "lease:" + instanceId)
                            .mapTo(String.class).one();
                }
                return step.run(h);
            });
        } finally {
            stripe.unlock();
        }
    }

    private boolean isPostgres(Handle h) {
        Boolean known = postgres;
        if (known == null) {
            try {
                known = h.getConnection().getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot tell which database holds the leases: " + e.getMessage(), e);
            }
            postgres = known;
        }
        return known;
    }

    private static Optional<InstanceBlock> blockOf(Handle h, String instanceId, Instant now) {
        return h.createQuery("SELECT reason, since FROM instance_blocks WHERE instance_id = :id").bind("id", instanceId)
                .map((rs, ctx) -> Map.entry(InstanceBlock.valueOf(rs.getString("reason")), instant(rs, "since")))
                .findOne()
                .filter(e -> e.getKey().inForce(e.getValue(), now))
                .map(Map.Entry::getKey);
    }

    private static List<Lease> leasesOf(Handle h, String instanceId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM lease_holders WHERE instance_id = :id ORDER BY holder")
                .bind("id", instanceId).map((rs, ctx) -> lease(rs)).list();
    }

    /** Deletes these very leases (same holder, same taking); returns how many. */
    private static int deleteExactly(Handle h, List<Lease> leases) {
        PreparedBatch delete = h.prepareBatch("DELETE FROM lease_holders "
                + "WHERE instance_id = :id AND holder = :holder AND taken_at = :takenAt");
        leases.forEach(l -> delete.bind("id", l.instanceId()).bind("holder", l.holder()).bind("takenAt", time(l.takenAt())).add());
        int deleted = 0;
        for (int count : delete.execute()) {
            deleted += Math.max(0, count);
        }
        return deleted;
    }

    private static void insertEvents(Handle h, Collection<LeaseEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO lease_events (at, instance_id, group_name, event, detail) "
                + "VALUES (:at, :id, :group, :event, :detail)");
        events.forEach(e -> batch.bind("at", time(e.at())).bind("id", e.instanceId()).bind("group", e.autoScalingGroupName())
                .bind("event", e.type().name()).bind("detail", abbreviate(e.detail())).add());
        batch.execute();
    }

    private static Lease lease(ResultSet rs) throws SQLException {
        return new Lease(rs.getString("instance_id"), rs.getString("holder"), rs.getString("group_name"),
                instant(rs, "taken_at"), instant(rs, "expires_at"), Duration.ofSeconds(rs.getInt("lease_seconds")),
                rs.getBoolean("protected_by_other"));
    }

    private static int seconds(Duration period) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, period.toSeconds()));
    }

    private static String abbreviate(String detail) {
        return detail.length() <= 1000 ? detail : detail.substring(0, 997) + "...";
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
