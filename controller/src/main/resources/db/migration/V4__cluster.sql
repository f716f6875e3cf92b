-- Several daemons on one database. The same DDL runs on H2 and PostgreSQL.

-- The last tick of each policy that a node claimed. A node claims a tick (moves last_tick
-- forward) and commits before it acts, so a tick is acted on at most once across the cluster,
-- even when Quartz hands the job of a dead node to another one. One row per policy, updated in
-- place: it does not grow with time.
CREATE TABLE policy_ticks (
    policy     VARCHAR(63)  NOT NULL PRIMARY KEY,
    last_tick  TIMESTAMP WITH TIME ZONE NOT NULL,
    node       VARCHAR(200) NOT NULL,
    claimed_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The cluster's version of each policy: the content fingerprint the last node to load it
-- published. A node whose own file differs says so in its health check and leaves the policy's
-- ticks to the nodes that agree.
CREATE TABLE cluster_policies (
    policy       VARCHAR(63)  NOT NULL PRIMARY KEY,
    fingerprint  VARCHAR(64)  NOT NULL,
    node         VARCHAR(200) NOT NULL,
    published_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Which node made a decision; a run of identical unchanged decisions is one row whose
-- repeated counts them and whose repeated_until is the time of the last one.
ALTER TABLE decisions ADD COLUMN node VARCHAR(200);
ALTER TABLE decisions ADD COLUMN repeated INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE decisions ADD COLUMN repeated_until TIMESTAMP WITH TIME ZONE;
