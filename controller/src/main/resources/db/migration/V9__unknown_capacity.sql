-- A decision that could not describe its group knows neither the group's capacity nor what to set:
-- its capacities are stored as NULL (unknown), never as 0. The same DDL runs on H2 and PostgreSQL.
ALTER TABLE decisions ALTER COLUMN current_capacity DROP NOT NULL;
ALTER TABLE decisions ALTER COLUMN recommended_capacity DROP NOT NULL;
ALTER TABLE decisions ALTER COLUMN desired_capacity DROP NOT NULL;
