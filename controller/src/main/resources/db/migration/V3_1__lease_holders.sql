-- Leases per holder (a task, a message, a thread on the instance), instance blocks (draining, being
-- scaled in), the daemon's confirmation of the protection it set, and which node makes a group's
-- protection calls. The same DDL runs on H2 and PostgreSQL. Numbered 3.1 so that it orders after
-- any version 3 and before version 4, whichever lands first.

-- One row per holder of a lease on an instance. Every write (take, renewal, release) is committed
-- before the worker gets its answer: the database, not a node's memory, is the truth.
CREATE TABLE lease_holders (
    instance_id        VARCHAR(32)  NOT NULL,
    holder             VARCHAR(128) NOT NULL,
    group_name         VARCHAR(255) NOT NULL,
    taken_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    -- The holder's lease period (the last leaseSeconds asked for): the grace given after a restart.
    lease_seconds      INTEGER      NOT NULL,
    -- Someone other than the daemon protected the instance when this holder took its lease: the
    -- daemon then neither sets nor lifts its protection.
    protected_by_other BOOLEAN      NOT NULL,
    PRIMARY KEY (instance_id, holder)
);

-- A lease of the single-holder era becomes the instance's default holder, named for the instance;
-- its period was not stored, so it gets the policies' default lease (300 s) as its grace.
INSERT INTO lease_holders (instance_id, holder, group_name, taken_at, expires_at, lease_seconds, protected_by_other)
SELECT instance_id, instance_id, group_name, taken_at, expires_at, 300, FALSE FROM leases;

DROP TABLE leases;

CREATE INDEX lease_holders_group ON lease_holders (group_name, expires_at);

-- Instances on which no new lease may be taken: DRAINING (a termination lifecycle hook holds the
-- instance until its holders finish) or SCALE_IN (the daemon is terminating it).
CREATE TABLE instance_blocks (
    instance_id VARCHAR(32) NOT NULL PRIMARY KEY,
    reason      VARCHAR(16) NOT NULL,
    since       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Confirmed: AWS accepted the protection call (or a describe showed the flag). Every node reads it
-- to answer "protected" to workers, whichever node made the call.
ALTER TABLE protected_instances ADD COLUMN confirmed BOOLEAN DEFAULT FALSE NOT NULL;

-- The node that makes a group's protection calls, until when. A node takes the row over only once
-- it has run out, so two nodes never call SetInstanceProtection for one group at the same time.
CREATE TABLE protection_owners (
    group_name VARCHAR(255) NOT NULL PRIMARY KEY,
    node       VARCHAR(255) NOT NULL,
    until      TIMESTAMP WITH TIME ZONE NOT NULL
);
