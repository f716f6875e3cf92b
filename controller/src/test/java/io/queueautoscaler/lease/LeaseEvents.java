package io.queueautoscaler.lease;

import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The lease event log as a database holds it, newest first: what the tests check was recorded. */
final class LeaseEvents {
    private LeaseEvents() {
    }

    static List<LeaseEvent> newestFirst(Jdbi jdbi, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT at, instance_id, group_name, event, detail FROM lease_events "
                        + "ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new LeaseEvent(rs.getObject("at", OffsetDateTime.class).toInstant(),
                        rs.getString("instance_id"), rs.getString("group_name"),
                        LeaseEvent.Type.valueOf(rs.getString("event")), rs.getString("detail")))
                .list());
    }
}
