-- lease_holders_group (group_name, expires_at) served no query: leases are found by instance and
-- holder (the primary key), or all at once. Every renewal moves expires_at, so the index cost each
-- renewal a delete and an insert in it, on the path a worker waits on.
DROP INDEX lease_holders_group;
