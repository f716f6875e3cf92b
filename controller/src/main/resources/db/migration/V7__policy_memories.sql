-- What the recommender remembers of each policy between evaluations (the recommendations in its
-- stabilization windows, the scale events its rate limits count, the workload estimator's state),
-- as JSON, with the fingerprint of the spec it was learned under. Whichever node evaluates a tick
-- reads it and writes the next one, so a node that takes a policy over keeps the window of the
-- node that ran it before. One row per policy, updated in place: it does not grow with time.
-- The same DDL runs on H2 and PostgreSQL.
CREATE TABLE policy_memories (
    policy      VARCHAR(63)  NOT NULL PRIMARY KEY,
    fingerprint VARCHAR(64)  NOT NULL,
    memory      VARCHAR(1000000) NOT NULL,
    node        VARCHAR(200) NOT NULL,
    kept_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
