-- PostgreSQL only (H2 has no such storage parameters and reuses space itself).
--
-- These tables are updated in place at every tick of every policy, or at every Quartz firing:
-- policy_memories and policy_ticks (one row per policy), the latest decision of each policy
-- (a run of identical decisions is one row whose count goes up), and Quartz's triggers, fired
-- triggers and node check-ins. PostgreSQL writes each update as a new row version and leaves the
-- old one dead; the table stays at a steady size only if that space is reused.
--
-- fillfactor leaves free room in each page, so an update that changes no indexed column can put
-- the new version in the same page (a HOT update): no index entry is added, and the next access
-- to the page prunes the dead versions even before any vacuum runs. Quartz's triggers change
-- indexed columns (next fire time, state) at each firing, so for them the room only keeps the
-- new version near the old one; vacuum reclaims the rest.
--
-- A dead row is vacuumed by default once 20 % of the table is dead: a table of a thousand rows
-- updated thousands of times a minute is then always far bigger than its live rows. Here autovacuum
-- looks at these tables after a fixed number of dead rows whatever their size, so they stay
-- within a few times their live size. (These parameters take effect where autovacuum is on, as
-- it is by default.)
ALTER TABLE policy_memories SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
ALTER TABLE policy_ticks SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
-- Decisions are mostly appended; only each policy's latest row is updated, so less room is needed.
ALTER TABLE decisions SET (fillfactor = 85);
ALTER TABLE qrtz_triggers SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 200);
ALTER TABLE qrtz_simple_triggers SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 200);
ALTER TABLE qrtz_fired_triggers SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 200);
ALTER TABLE qrtz_scheduler_state SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 50);
